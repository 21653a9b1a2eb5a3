import type { RdsInstancesData } from '../collectors/aws-rds-instances/schema.js';
import { isRdsData } from './lib/rds-databases.js';
import { defineRule, outcome } from './types.js';

/** Every RDS instance takes automatic minor engine upgrades, which carry the engines' security patches. */
export const rule = defineRule<RdsInstancesData>({
  id: 'rds-instance-minor-upgrade-enabled',
  version: '1.0.0',
  collector: 'aws-rds-instances',
  controls: ['VUL-02'],
  title: 'RDS automatic minor version upgrade is on',
  benchmarks: { cis: ['2.2.2'], prowler: ['rds_instance_minor_version_upgrade_enabled'] },
  accepts: isRdsData,
  evaluate({ instances }) {
    if (instances.length === 0) return outcome.notApplicable('the region has no RDS instances');
    const failing = instances
      .filter((i) => !i.autoMinorVersionUpgrade)
      .map((i) => ({ resource: i.arn, reason: `${i.id} has automatic minor version upgrade off` }));
    return outcome.of(
      failing,
      `all ${instances.length} RDS instances take automatic minor upgrades`,
      `${failing.length} of ${instances.length} RDS instances do not take automatic minor upgrades`,
    );
  },
});

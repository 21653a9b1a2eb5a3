import { securityHubControlMap } from '../../frameworks/findings/index.js';
import type { SecurityHubFindingsData } from '../collectors/aws-securityhub-findings/schema.js';
import { defineRule, outcome } from './types.js';

/**
 * The standard control checks Security Hub ran (AWS FSBP and CIS controls, through the committed map in
 * frameworks/findings/securityhub-controls.json) all passed. A control check counts as run only when it left a
 * PASSED or FAILED finding: no mapped finding at all is NOT_APPLICABLE (nothing shows the checks ran), never PASS.
 */
export const rule = defineRule<SecurityHubFindingsData>({
  id: 'securityhub-control-findings-passed',
  version: '1.0.0',
  collector: 'aws-securityhub-findings',
  controls: ['CFG-01'],
  title: 'Security Hub standard control checks passed',
  accepts: (d) =>
    typeof d === 'object' && d !== null && Array.isArray((d as SecurityHubFindingsData).findings),
  evaluate({ enabled, findings }) {
    if (!enabled)
      return outcome.notApplicable('Security Hub is not enabled in this region: no control check ran');
    const map = new Map(securityHubControlMap().controls.map((c) => [c.securityControlId, c]));
    const judged = findings.filter(
      (f) =>
        f.securityControlId !== null &&
        map.has(f.securityControlId) &&
        (f.complianceStatus === 'PASSED' || f.complianceStatus === 'FAILED'),
    );
    if (judged.length === 0)
      return outcome.notApplicable(
        'no PASSED or FAILED finding for a mapped standard control: nothing shows the checks ran',
      );
    const failing = judged
      .filter((f) => f.complianceStatus === 'FAILED')
      .flatMap((f) => {
        const c = map.get(f.securityControlId!)!;
        const why = `${c.securityControlId} ${c.title} (common control ${c.commonControls.join(', ')})`;
        const resources = f.resources.length ? f.resources.map((r) => r.id) : [f.id];
        return resources.map((resource) => ({ resource, reason: why }));
      });
    const checks = new Set(judged.map((f) => f.securityControlId)).size;
    return outcome.of(
      failing,
      `${judged.length} findings of ${checks} mapped Security Hub controls all PASSED`,
      `${failing.length} resources fail mapped Security Hub controls`,
    );
  },
});

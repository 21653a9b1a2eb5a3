import {
  ConfigServiceClient,
  paginateDescribeComplianceByConfigRule,
  paginateDescribeConfigRules,
  type Compliance,
  type ConfigRule,
} from '@aws-sdk/client-config-service';
import { InvalidSourceDataError } from '../../errors.js';
import { defineCollector } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type ConfigComplianceData, type ConfigRuleCompliance } from './schema.js';

export const collector = defineCollector<ConfigComplianceData>({
  meta,
  schema,
  async collect(ctx) {
    const client = ctx.aws(ConfigServiceClient);
    const rules: ConfigRule[] = [];
    for await (const page of paginateDescribeConfigRules({ client }, {})) {
      if (!page.ConfigRules)
        throw new InvalidSourceDataError('DescribeConfigRules', ['ConfigRules: missing']);
      rules.push(...page.ConfigRules);
    }
    // A failed compliance page keeps the rules and the compliance already read; the rest is left unknown.
    const compliance = new Map<string, Compliance | undefined>();
    const complete = await ctx.tryResource('config-rules', 'DescribeComplianceByConfigRule', async () => {
      for await (const page of paginateDescribeComplianceByConfigRule({ client }, {})) {
        if (!page.ComplianceByConfigRules) {
          throw new InvalidSourceDataError('DescribeComplianceByConfigRule', [
            'ComplianceByConfigRules: missing',
          ]);
        }
        for (const c of page.ComplianceByConfigRules) {
          if (!c.ConfigRuleName)
            throw new InvalidSourceDataError('DescribeComplianceByConfigRule', [
              'an entry has no ConfigRuleName',
            ]);
          compliance.set(c.ConfigRuleName, c.Compliance);
        }
      }
      return true;
    });
    const names = new Set<string>();
    const out = rules.map((r): ConfigRuleCompliance => {
      if (!r.ConfigRuleName || !r.Source?.Owner) {
        throw new InvalidSourceDataError('DescribeConfigRules', [
          'a rule lacks ConfigRuleName or Source.Owner',
        ]);
      }
      names.add(r.ConfigRuleName);
      const base = {
        name: r.ConfigRuleName,
        arn: r.ConfigRuleArn ?? null,
        id: r.ConfigRuleId ?? null,
        sourceOwner: r.Source.Owner,
        sourceIdentifier: r.Source.SourceIdentifier ?? null,
        state: r.ConfigRuleState ?? null,
        createdBy: r.CreatedBy ?? null,
      };
      // Not in an incomplete compliance listing: unknown, so the compliance fields stay absent (not null).
      if (!complete && !compliance.has(r.ConfigRuleName)) return base;
      const c = compliance.get(r.ConfigRuleName);
      const count = c?.ComplianceContributorCount;
      return {
        ...base,
        complianceType: (c?.ComplianceType as ConfigRuleCompliance['complianceType'] | undefined) ?? null,
        nonCompliantResourceCount: count?.CappedCount ?? null,
        nonCompliantCountCapped: count ? (count.CapExceeded ?? false) : null,
      };
    });
    // A rule created between the two listings has compliance but no definition: say so, keep going.
    const orphans = [...compliance.keys()].filter((n) => !names.has(n));
    if (orphans.length)
      ctx.provenance.note(`compliance without a rule definition (created meanwhile?): ${orphans.join(', ')}`);
    return { data: { rules: out.sort((a, b) => a.name.localeCompare(b.name)) } };
  },
});

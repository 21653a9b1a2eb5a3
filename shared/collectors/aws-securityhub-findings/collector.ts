import { DescribeHubCommand, paginateGetFindings, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { defineCollector, requestedPageSize } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type SecurityHubFinding, type SecurityHubFindingsData } from './schema.js';

/** Answers that mean "Security Hub is not enabled here": a fact about the account, not a collection failure. */
const NOT_ENABLED = new Set(['InvalidAccessException', 'ResourceNotFoundException']);

/**
 * Reads every ACTIVE Security Hub finding of the scope's account and region (GetFindings, paged), keeping what a
 * rule needs to judge a standard control: the consolidated control id, standards, compliance status and resources.
 * The account, region and record-state filters are re-checked on every finding (a delegated administrator or an
 * aggregation region sees other accounts' findings; an endpoint may ignore filters). Findings are sorted by id so
 * the same findings always give the same artifact. `ctx.extras.pageSize` sets MaxResults (default 100).
 */
export const collector = defineCollector<SecurityHubFindingsData>({
  meta,
  schema,
  async collect(ctx) {
    const sh = ctx.aws(SecurityHubClient);
    const pageSize = requestedPageSize(ctx) ?? 100;
    try {
      await sh.send(new DescribeHubCommand({}));
    } catch (err) {
      if (NOT_ENABLED.has((err as { name?: string }).name ?? ''))
        return { data: { enabled: false, findings: [] } };
      throw err;
    }
    const { account, region } = ctx.scope;
    const Filters = {
      AwsAccountId: [{ Value: account, Comparison: 'EQUALS' as const }],
      Region: [{ Value: region, Comparison: 'EQUALS' as const }],
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' as const }],
    };
    // A page that fails keeps the findings already read; the error names the listing, so rules see it unseen.
    const findings: SecurityHubFinding[] = [];
    await ctx.tryResource('findings', 'GetFindings', async () => {
      for await (const page of paginateGetFindings({ client: sh, pageSize }, { Filters })) {
        for (const f of page.Findings ?? []) {
          if (f.RecordState !== 'ACTIVE' || f.AwsAccountId !== account) continue;
          if ((f.Region ?? regionOfProduct(f)) !== region) continue;
          findings.push(normalise(f));
        }
      }
    });
    findings.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { data: { enabled: true, findings } };
  },
});

/** The region in a product ARN (`arn:aws:securityhub:<region>::product/...`), for findings without Region. */
function regionOfProduct(f: AwsSecurityFinding): string | undefined {
  return f.ProductArn?.split(':')[3];
}

function normalise(f: AwsSecurityFinding): SecurityHubFinding {
  const standards = (f.Compliance?.AssociatedStandards ?? []).map((s) => s.StandardsId ?? '').filter(Boolean);
  return {
    // A finding without its id, product or generator is malformed: left undefined, which the schema rejects.
    id: f.Id as string,
    productArn: f.ProductArn as string,
    generatorId: f.GeneratorId as string,
    securityControlId: f.Compliance?.SecurityControlId ?? f.ProductFields?.ControlId ?? null,
    standards: [...new Set(standards)].sort(),
    title: f.Title ?? '',
    severity: f.Severity?.Label ?? 'INFORMATIONAL',
    complianceStatus: f.Compliance?.Status ?? null,
    workflowStatus: f.Workflow?.Status ?? null,
    resources: (f.Resources ?? []).map((r) => ({ type: r.Type ?? '', id: r.Id ?? '' })),
    updatedAt: f.UpdatedAt ?? '',
  };
}

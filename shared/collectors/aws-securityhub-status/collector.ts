import {
  DescribeHubCommand,
  paginateGetEnabledStandards,
  paginateGetFindings,
  SecurityHubClient,
  type DescribeHubCommandOutput,
} from '@aws-sdk/client-securityhub';
import { defineCollector, requestedPageSize } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type SecurityHubStatusData } from './schema.js';

/** Answers that mean "Security Hub is not enabled here": a fact about the account, not a collection failure. */
const NOT_ENABLED = new Set(['InvalidAccessException', 'ResourceNotFoundException']);

/**
 * Reads whether Security Hub is enabled in the region, which standards are enabled, and how many ACTIVE
 * FAILED findings there are per severity. The findings filter is re-checked on every finding, so an
 * endpoint that ignores filters cannot inflate or hide counts. `ctx.extras.pageSize` sets MaxResults (default 100).
 */
export const collector = defineCollector<SecurityHubStatusData>({
  meta,
  schema,
  async collect(ctx) {
    const sh = ctx.aws(SecurityHubClient);
    const pageSize = requestedPageSize(ctx) ?? 100;
    let hub: DescribeHubCommandOutput;
    try {
      hub = await sh.send(new DescribeHubCommand({}));
    } catch (err) {
      if (NOT_ENABLED.has((err as { name?: string }).name ?? '')) return { data: notEnabled() };
      throw err;
    }

    const standards = await ctx.tryResource('standards', 'GetEnabledStandards', async () => {
      const out: NonNullable<SecurityHubStatusData['standards']> = [];
      for await (const page of paginateGetEnabledStandards({ client: sh, pageSize }, {})) {
        for (const s of page.StandardsSubscriptions ?? []) {
          out.push({
            standardsArn: s.StandardsArn as string,
            subscriptionArn: s.StandardsSubscriptionArn as string,
            status: s.StandardsStatus as string,
          });
        }
      }
      return out;
    });

    const failedFindingsBySeverity = await ctx.tryResource('findings', 'GetFindings', async () => {
      const counts: Record<string, number> = {};
      const Filters = {
        RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' as const }],
        ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' as const }],
      };
      for await (const page of paginateGetFindings({ client: sh, pageSize }, { Filters })) {
        for (const f of page.Findings ?? []) {
          if (f.RecordState !== 'ACTIVE' || f.Compliance?.Status !== 'FAILED') continue;
          const label = f.Severity?.Label ?? 'NONE';
          counts[label] = (counts[label] ?? 0) + 1;
        }
      }
      return counts;
    });

    return {
      data: {
        enabled: true,
        // A hub answer without its ARN is malformed: left undefined, which the schema rejects.
        hubArn: hub.HubArn as string,
        subscribedAt: hub.SubscribedAt ?? null,
        autoEnableControls: hub.AutoEnableControls ?? null,
        controlFindingGenerator: hub.ControlFindingGenerator ?? null,
        standards: standards ?? null,
        failedFindingsBySeverity: failedFindingsBySeverity ?? null,
      },
    };
  },
});

function notEnabled(): SecurityHubStatusData {
  return {
    enabled: false,
    hubArn: null,
    subscribedAt: null,
    autoEnableControls: null,
    controlFindingGenerator: null,
    standards: null,
    failedFindingsBySeverity: null,
  };
}

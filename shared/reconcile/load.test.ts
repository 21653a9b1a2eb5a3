import { describe, expect, it } from '@jest/globals';
import { schema as credentialReportSchema } from '../collectors/aws-iam-credential-report/schema.js';
import { MemoryContentIndex } from '../kernel/content-index.js';
import { scopeKey } from '../kernel/runner.js';
import { sealEnvelope } from '../evidence/artifact.js';
import { ENVELOPE_SCHEMA, type Envelope } from '../evidence/envelope.js';
import { LedgerEvidenceLoader } from '../store/ledger-evidence-loader.js';
import { MemoryLedger } from '../snapshot/testing/memory.js';
import { loadIdentitySources } from './load.js';
import { iamUser } from './test-fixtures.js';

const NOW = '2026-03-01T12:00:00.000Z';

function report(account: string): Envelope {
  return {
    schema: ENVELOPE_SCHEMA,
    collector: 'aws-iam-credential-report',
    collectorVersion: '1.0.0',
    scope: { account, region: 'global' },
    observedAt: NOW,
    collectedAt: NOW,
    provenance: { identity: `arn:aws:iam::${account}:role/r`, operations: [], complete: true },
    data: credentialReportSchema.parse({
      generatedAt: NOW,
      root: null,
      users: [iamUser('alice', { account })],
    }),
    errors: [],
  };
}

describe('loadIdentitySources', () => {
  it('reads every stored identity artifact from the ledger, including those no mapper has indexed', async () => {
    const ledger = new MemoryLedger();
    const index = new MemoryContentIndex();
    const objects = new Map<string, ReturnType<typeof sealEnvelope>>();
    // What the collector append path leaves: a ledger entry and a content-index pointer, and no SCOPES# item.
    for (const account of ['111111111111', '222222222222']) {
      const e = report(account);
      const sealed = sealEnvelope(e);
      const { sha256 } = sealed;
      const key = `evidence/aws-iam-credential-report/${account}.json`;
      const scope = scopeKey(e.scope);
      objects.set(key, sealed);
      await ledger.append({ sha256, key, collector: e.collector, scope, observedAt: NOW, collectedAt: NOW });
      await index.put(e.collector, scope, {
        sha256,
        key,
        contentHash: sha256,
        observedAt: NOW,
        confirmedAt: NOW,
      });
    }
    const store = { get: async (key: string) => objects.get(key)! };
    const sources = await loadIdentitySources(new LedgerEvidenceLoader({ ledger, index, store }), [
      'aws-iam-credential-report',
    ]);
    expect(sources['aws-iam-credential-report']!.map((s) => s.scope)).toEqual([
      'account=111111111111,region=global',
      'account=222222222222,region=global',
    ]);
  });
});

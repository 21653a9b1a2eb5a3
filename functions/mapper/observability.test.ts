import { describe, expect, it } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { MemoryEvidenceLoader } from '../../shared/mapping/evidence-loader.js';
import { MemoryResultsStore } from '../../shared/mapping/memory-results-store.js';
import { rule } from '../../shared/rules/iam-password-policy-minimum-length.js';
import { captureOutput } from '../../test/fixtures/idp/capture.js';
import { createMetrics } from '../observability.js';
import { emfDocuments, logLines, metricValues } from '../observability-testing.js';
import { createMapperFunction } from './handler.js';

const sha = (c: string) => c.repeat(64);
const PLANTED = 'ghp_' + 'Zq8'.repeat(12);
const SCOPE = 'account=123456789012,region=global';
const context = { functionName: 'flux-mapper', awsRequestId: 'lambda-req-1' } as Context;
const stored = (id: string, sha256: string) => ({
  version: '0',
  id,
  source: 'flux.evidence',
  'detail-type': 'EvidenceStored',
  detail: {
    sha256,
    key: `evidence/aws-iam-password-policy/2026/03/01/x_${sha256}.json`,
    collector: 'aws-iam-password-policy',
    scope: SCOPE,
    observedAt: '2026-03-01T00:00:00.000Z',
    // Not part of the schema: must never reach a log line.
    githubToken: PLANTED,
  },
});

function world() {
  const evidence = new MemoryEvidenceLoader();
  const add = (sha256: string, data: unknown) =>
    evidence.add({
      collector: 'aws-iam-password-policy',
      scope: SCOPE,
      sha256,
      observedAt: '2026-03-01T00:00:00.000Z',
      collectedAt: '2026-03-01T00:00:00.000Z',
      data,
      errors: [],
      complete: true,
    });
  const control = (id: string) => ({
    id,
    collectors: ['aws-iam-password-policy'],
    frequency: 'daily' as const,
    version: '1.0.0',
  });
  const deps = {
    controls: [control('IAM-04'), control('IAM-05')],
    rules: [rule],
    ttlHoursOf: () => 36,
    evidence,
    results: new MemoryResultsStore(),
    now: () => new Date('2026-03-01T01:00:00.000Z'),
  };
  return { add, deps };
}

describe('mapper function observability', () => {
  it('emits EvaluationResults per status and Transitions, and logs JSON with the event id as correlation id', async () => {
    const w = world();
    w.add(sha('a'), { present: false, policy: null, note: `leaked ${PLANTED}` });
    const metrics = createMetrics('flux-mapper');
    const handler = createMapperFunction(() => w.deps, metrics);

    const out = captureOutput();
    try {
      await handler(stored('evt-first', sha('a')), context);
      // Same evidence again: same results, no transition.
      await handler(stored('evt-again', sha('a')), context);
    } finally {
      out.restore();
    }

    const emf = emfDocuments(out.text());
    const byStatus = (status: string) =>
      emf.filter((d) => d.status === status).map((d) => d.EvaluationResults as number);
    // IAM-04 FAILs (no password policy); IAM-05 has no rule and is UNKNOWN; on each of the two invocations.
    expect(byStatus('FAIL')).toEqual([1, 1]);
    expect(byStatus('UNKNOWN')).toEqual([1, 1]);
    expect(byStatus('PASS')).toEqual([0, 0]);
    expect(byStatus('NOT_APPLICABLE')).toEqual([0, 0]);
    for (const d of emf.filter((x) => x.status)) {
      expect(d._aws.CloudWatchMetrics[0]).toMatchObject({
        Namespace: 'FluxEvidence',
        Dimensions: [['service', 'status']],
        Metrics: [{ Name: 'EvaluationResults', Unit: 'Count' }],
      });
    }
    const transitions = emf.filter((d) => 'Transitions' in d).map((d) => d.Transitions);
    expect(transitions).toEqual([2, 0]);
    expect(metricValues(emf)).toMatchObject({ EvaluationResults: 4, Transitions: 2 });

    const logs = logLines(out.text());
    expect(logs.map((l) => [l.message, l.correlation_id])).toEqual([
      ['mapped artifact', 'evt-first'],
      ['mapped artifact', 'evt-again'],
    ]);
    expect(logs[0]).toMatchObject({
      service: 'flux-mapper',
      transitions: ['IAM-04:drift', 'IAM-05:unknown'],
    });
    expect(out.text()).not.toContain(PLANTED);
  });
});

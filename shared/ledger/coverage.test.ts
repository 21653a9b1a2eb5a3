import { describe, expect, it } from '@jest/globals';
import { sha256Hex } from '../evidence/canonical.js';
import { appendRequest, objectProblem, parseAppendRequest } from './append-request.js';
import {
  coverageKey,
  coverageLine,
  coverageStatement,
  recordCoverage,
  summarizeCoverage,
  type UnitFault,
  type UnitReport,
} from './coverage.js';
import { decodeLeaf, encodeStatement } from './leaf.js';
import type { LedgerRecord } from './types.js';

const A = 'account=111111111111,region=eu-west-1';
const B = 'account=111111111111,region=us-east-1';
const C = 'account=222222222222,region=eu-west-1';
const ART = sha256Hex('artifact');
const OBS = sha256Hex('observation');

function sample() {
  const reports = new Map<string, UnitReport>([
    [coverageKey('aws-kms-keys', A), { outcome: 'stored', evidence: ART, errors: [] }],
    [coverageKey('aws-kms-keys', B), { outcome: 'observed', evidence: OBS, errors: [] }],
    [
      coverageKey('aws-s3-buckets', B),
      { outcome: 'stored', evidence: ART, errors: ['AccessDenied:ListBuckets'] },
    ],
  ]);
  const faults = new Map<string, UnitFault>([
    [coverageKey('aws-kms-keys', C), { reason: 'AccessDenied: sts:AssumeRole on the member role' }],
  ]);
  return coverageStatement({
    runId: 'run-1',
    plannedAt: '2026-03-01T00:00:00.000Z',
    completedAt: '2026-03-01T00:10:00.000Z',
    planned: [
      { collector: 'aws-s3-buckets', scope: B },
      { collector: 'aws-kms-keys', scope: A },
      { collector: 'aws-kms-keys', scope: B },
      { collector: 'aws-kms-keys', scope: C },
      { collector: 'aws-kms-keys', scope: A }, // planned twice: listed once
      { collector: 'github-repos', scope: 'org=acme' },
    ],
    reports,
    faults,
  });
}

describe('coverage attestation', () => {
  it('lists every planned unit once as completed, failed (with reason) or missing, citing its evidence', () => {
    const s = sample();
    expect(s.units).toEqual([
      { collector: 'aws-kms-keys', scope: A, status: 'completed', outcome: 'stored', evidence: ART },
      { collector: 'aws-kms-keys', scope: B, status: 'completed', outcome: 'observed', evidence: OBS },
      {
        collector: 'aws-kms-keys',
        scope: C,
        status: 'failed',
        reason: 'AccessDenied: sts:AssumeRole on the member role',
      },
      {
        collector: 'aws-s3-buckets',
        scope: B,
        status: 'failed',
        outcome: 'stored',
        evidence: ART,
        reason: 'source errors: AccessDenied:ListBuckets',
      },
      {
        collector: 'github-repos',
        scope: 'org=acme',
        status: 'missing',
        reason: 'no evidence recorded for this run',
      },
    ]);
    // A valid flux.leaf/v1 statement that decodes back to itself.
    expect(decodeLeaf(encodeStatement(s).bytes)).toEqual(s);
  });

  it('counts account x region pairs: a pair is collected only when all of its units completed', () => {
    const sum = summarizeCoverage(sample());
    expect(sum.pairs).toEqual({ planned: 3, collected: 1 });
    expect(sum.sources).toEqual({ planned: 1, collected: 0 });
    expect(sum.units).toEqual({ planned: 5, completed: 2 });
    const line = coverageLine(sum);
    expect(line).toMatch(
      /^accounts x regions collected: 1\/3; other sources 0\/1; units 2\/5, not collected: /,
    );
    expect(line).toContain(`aws-kms-keys ${C}: failed (AccessDenied: sts:AssumeRole on the member role)`);
    expect(line).toContain('github-repos org=acme: missing');
  });

  it('stores the statement under coverage/ and appends a request the sequencer accepts only for that run', async () => {
    const s = sample();
    const stored = new Map<string, Buffer>();
    const appended: LedgerRecord[] = [];
    const logged = await recordCoverage(s, {
      statements: {
        put: (key, bytes) => {
          stored.set(key, bytes);
          return Promise.resolve({ created: true });
        },
      },
      ledger: {
        append: (r) => {
          appended.push(r);
          return Promise.resolve({ index: 7 });
        },
      },
    });
    expect(logged.key).toBe(`coverage/2026/03/01/${logged.sha256}.json`);
    expect(logged.index).toBe(7);
    const request = parseAppendRequest(JSON.stringify(appendRequest(appended[0]!)));
    expect(request).toMatchObject({ collector: 'coverage', scope: 'run=run-1', key: logged.key });
    const object = { sha256: logged.sha256, bytes: stored.get(logged.key)! };
    expect(objectProblem(request, object)).toBeUndefined();
    // The same bytes requested for another run, or as an observation, are refused.
    expect(objectProblem({ ...request, scope: 'run=run-2' }, object)).toMatch(
      /coverage statement is of run run-1/,
    );
    const asObservation = { ...request, key: `observation/2026/03/01/${logged.sha256}.json` };
    expect(objectProblem(asObservation, object)).toMatch(/coverage statement stored outside coverage/);
  });

  it('refuses a statement request whose key is under neither observation/ nor coverage/', () => {
    const body = JSON.stringify({
      schema: 'flux.append/v1',
      sha256: OBS,
      key: `snapshots/2026/03/01/${OBS}.json`,
      collector: 'coverage',
      scope: 'run=x',
      observedAt: '2026-03-01T00:00:00.000Z',
      collectedAt: '2026-03-01T00:00:00.000Z',
      leafHash: OBS,
    });
    expect(() => parseAppendRequest(body)).toThrow(
      /not a <observation\|coverage\|manual\|approval\|exception>/,
    );
  });
});

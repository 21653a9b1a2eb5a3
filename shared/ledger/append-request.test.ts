import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../errors.js';
import { sha256Hex } from '../evidence/canonical.js';
import {
  appendRequest,
  MemoryAppendQueue,
  objectProblem,
  parseAppendRequest,
  queueAppender,
  type AppendRequest,
} from './append-request.js';
import { encodeStatement } from './leaf.js';
import { leafHash } from './merkle.js';
import { sampleRecord } from './testing/fixtures.js';

const record = sampleRecord(1);

function issues(body: string): string[] {
  try {
    parseAppendRequest(body);
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('append requests', () => {
  it('round-trips a ledger record', () => {
    const req = appendRequest(record);
    expect(parseAppendRequest(JSON.stringify(req))).toEqual({ schema: 'flux.append/v1', ...record });
  });

  it('refuses malformed requests with specific issues', () => {
    expect(issues('nope')).toEqual(['body: not JSON']);
    expect(issues(JSON.stringify({ ...appendRequest(record), sha256: 'ABC' })).join()).toMatch(/sha256/);
    expect(issues(JSON.stringify({ ...appendRequest(record), extra: 1 })).join()).toMatch(/extra/);
    expect(issues(JSON.stringify({ ...appendRequest(record), schema: 'flux.append/v2' })).join()).toMatch(
      /schema/,
    );
  });

  it('refuses a key that names another hash, another collector, or is not an evidence key', () => {
    const other = sampleRecord(2);
    expect(issues(JSON.stringify({ ...appendRequest(record), key: other.key }))).toEqual([
      'key: names another hash than sha256',
    ]);
    expect(issues(JSON.stringify({ ...appendRequest(record), collector: 'aws-kms-keys' }))).toEqual([
      'key: names another collector',
    ]);
    expect(issues(JSON.stringify({ ...appendRequest(record), key: 'checkpoints/x.json' }))[0]).toMatch(
      /not an evidence/,
    );
  });

  it('the in-process queue hands a request out once until it is acknowledged', async () => {
    const q = new MemoryAppendQueue();
    await queueAppender(q).append(record);
    q.enqueueRaw('bad');
    const first = await q.receive(10);
    expect(first).toHaveLength(2);
    expect(await q.receive(10)).toEqual([]);
    await q.ack([first[0]!.handle]);
    expect(q.size).toBe(1);
  });
});

describe("append requests for people's statements (the upload API queues them)", () => {
  const approval = {
    leaf: 'flux.leaf/v1',
    kind: 'approval',
    evidence: 'b'.repeat(64),
    by: 'arn:aws:sts::123456789012:assumed-role/acme-internal-audit/robin',
    at: '2026-03-01T10:00:00.000Z',
  } as const;
  const { bytes, sha256 } = encodeStatement(approval);
  const request = (over: Partial<AppendRequest> = {}): AppendRequest => ({
    schema: 'flux.append/v1',
    sha256,
    key: `approval/2026/03/01/${sha256}.json`,
    collector: 'approval',
    scope: `evidence=${'b'.repeat(64)}`,
    observedAt: approval.at,
    collectedAt: approval.at,
    leafHash: leafHash(bytes).toString('hex'),
    ...over,
  });

  it('accepts a statement under its kind whose bytes hash and decode as requested', () => {
    expect(parseAppendRequest(JSON.stringify(request()))).toEqual(request());
    expect(objectProblem(request(), { sha256, bytes })).toBeUndefined();
  });

  it('refuses a kind that disagrees with the key, the collector or the stored statement', () => {
    expect(issues(JSON.stringify(request({ collector: 'manual' })))).toEqual([
      'collector: a approval key needs collector approval',
    ]);
    expect(issues(JSON.stringify(request({ key: `snapshots/2026/03/01/${sha256}.json` })))[0]).toMatch(
      /not a <observation\|coverage\|manual\|approval\|exception>/,
    );
    // An observation key cannot carry a person's statement.
    const asObservation = request({ key: `observation/2026/03/01/${sha256}.json` });
    expect(objectProblem(asObservation, { sha256, bytes })).toMatch(
      /approval leaf, not a approval under observation/,
    );
    const tampered = Buffer.from(bytes.toString('utf8').replace('robin', 'lee'));
    expect(objectProblem(request(), { sha256: sha256Hex(tampered), bytes: tampered })).toMatch(/hashes to/);
  });
});

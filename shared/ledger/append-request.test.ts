import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../errors.js';
import { appendRequest, MemoryAppendQueue, parseAppendRequest, queueAppender } from './append-request.js';
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

import { describe, expect, it } from '@jest/globals';
import { schema, type Bucket } from '../collectors/aws-s3-buckets/schema.js';
import { rule } from './s3-bucket-access-logging-enabled.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const bucket = (name: string, target: string | null): Bucket => ({
  name,
  createdAt: null,
  logging: target === null ? null : { targetBucket: target, targetPrefix: `${name}/` },
});
const data = (buckets: Bucket[]) => schema.parse({ buckets });

describe('s3-bucket-access-logging-enabled', () => {
  it('returns PASS when every bucket logs, not judging the log target itself', () => {
    const out = rule.evaluate(
      data([bucket('app', 'logs'), bucket('web', 'logs'), bucket('logs', null)]),
      ctx,
    );
    expect(out).toEqual({ status: 'PASS', reason: 'all 2 buckets log access', failing: [] });
  });

  it('returns FAIL naming each bucket with access logging off', () => {
    const out = rule.evaluate(data([bucket('app', 'logs'), bucket('raw', null), bucket('logs', null)]), ctx);
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('1 of 2 buckets have server access logging off');
    expect(out.failing).toEqual([{ resource: 'raw', reason: 'server access logging off' }]);
  });

  it('returns NOT_APPLICABLE when the only bucket is a log target', () => {
    expect(rule.evaluate(data([bucket('logs', 'logs')]), ctx).status).toBe('NOT_APPLICABLE');
  });

  it('returns NOT_APPLICABLE for empty input: no buckets', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'the account has no buckets besides log targets',
      failing: [],
    });
  });
});

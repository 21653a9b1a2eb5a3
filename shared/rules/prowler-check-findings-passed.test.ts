import { ruleContext } from './types.js';
import { describe, expect, it } from '@jest/globals';
import type { ProwlerScan } from '../ingest/prowler-ocsf.js';
import { prowlerChecksFor, rule } from './prowler-check-findings-passed.js';

const ctx = ruleContext(new Date('2026-03-02T00:00:00Z'));
type F = { checkId: string; status: 'PASS' | 'FAIL' | 'MANUAL'; i: number; muted?: boolean };
const finding = (checkId: string, status: F['status'], i: number, muted = false): F => ({
  checkId,
  status,
  i,
  muted,
});
function scan(findings: F[]): ProwlerScan {
  const ids = [...new Set(findings.map((f) => f.checkId))].sort();
  const of = (id: string, s: F['status']) => findings.filter((f) => f.checkId === id && f.status === s);
  return {
    tool: 'prowler',
    version: '5.46.0',
    ocsfVersion: '1.5.0',
    account: '111111111111',
    scanStartedAt: '2026-03-01T10:00:00.000Z',
    scanEndedAt: '2026-03-01T10:05:00.000Z',
    findings: findings.length,
    checks: ids.map((checkId) => ({
      checkId,
      severity: 'High',
      passed: of(checkId, 'PASS').map((f) => `us-east-1/arn:aws:x:::r${f.i}`),
      failed: of(checkId, 'FAIL').map((f) => ({
        resource: `us-east-1/arn:aws:x:::r${f.i}`,
        muted: f.muted === true,
      })),
      manual: of(checkId, 'MANUAL').map((f) => `us-east-1/arn:aws:x:::r${f.i}`),
    })),
  };
}

describe('prowler-check-findings-passed', () => {
  it("takes the checks Prowler's compliance files tie to CFG-01's requirements", () => {
    const checks = prowlerChecksFor('CFG-01');
    expect(checks.get('config_recorder_all_regions_enabled')).toEqual(
      expect.arrayContaining(['soc2-2017 CC8.1']),
    );
    expect(checks.has('s3_bucket_default_encryption')).toBe(false);
  });

  it('returns PASS, with the scan origin, when every mapped check that ran passed', () => {
    const r = rule.evaluate(
      scan([
        finding('config_recorder_all_regions_enabled', 'PASS', 1),
        finding('s3_bucket_default_encryption', 'FAIL', 2),
      ]),
      ctx,
    );
    expect(r.status).toBe('PASS');
    expect(r.reason).toBe('Prowler 5.46.0 scan of 2026-03-01T10:00:00.000Z: 1 mapped checks ran and passed');
  });

  it('returns FAIL for a failing mapped check, muted or not', () => {
    const r = rule.evaluate(
      scan([
        finding('config_recorder_all_regions_enabled', 'PASS', 1),
        finding('guardduty_is_enabled', 'FAIL', 2, true),
      ]),
      ctx,
    );
    expect(r.status).toBe('FAIL');
    expect(r.failing).toEqual([
      {
        resource: 'us-east-1/arn:aws:x:::r2',
        reason: expect.stringMatching(/^guardduty_is_enabled \(muted in Prowler\): /),
      },
    ]);
  });

  it('returns NOT_APPLICABLE, never PASS, when no mapped check ran (missing or MANUAL only)', () => {
    expect(rule.evaluate(scan([finding('s3_bucket_default_encryption', 'PASS', 1)]), ctx).status).toBe(
      'NOT_APPLICABLE',
    );
    expect(rule.evaluate(scan([finding('securityhub_enabled', 'MANUAL', 1)]), ctx)).toMatchObject({
      status: 'NOT_APPLICABLE',
      reason: expect.stringContaining('no mapped Prowler check ran'),
    });
    expect(rule.evaluate(scan([]), ctx).status).toBe('NOT_APPLICABLE');
  });
});

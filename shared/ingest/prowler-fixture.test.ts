import { ruleContext } from '../rules/types.js';
import { createReadStream } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { rule } from '../rules/prowler-check-findings-passed.js';
import { readProwlerScan } from './prowler-ocsf.js';

const FIXTURE = new URL('../../test/fixtures/prowler/demo-management.ocsf.json', import.meta.url);

describe('readProwlerScan on real Prowler 5.46.0 output (demo company, management account)', () => {
  it('reads every record with its origin, taking the scan time from epoch seconds', async () => {
    const scan = await readProwlerScan(createReadStream(FIXTURE), {
      accounts: ['111111111111', '222222222222'],
      now: new Date('2026-12-06T12:00:00Z'),
      maxAgeHours: 192,
    });
    expect(scan).toMatchObject({
      tool: 'prowler',
      version: '5.46.0',
      ocsfVersion: '1.5.0',
      account: '111111111111',
      findings: 53,
    });
    expect(scan.scanStartedAt).toMatch(/^2026-12-06T09:3\d:\d\d\.000Z$/);
    const trail = scan.checks.find((c) => c.checkId === 'cloudtrail_multi_region_enabled')!;
    expect(trail.failed.length).toBeGreaterThan(0);
    expect(scan.checks.find((c) => c.checkId === 'guardduty_is_enabled')!.passed.length).toBeGreaterThan(0);
    // CFG-01 is judged from it: Prowler's compliance files tie guardduty_is_enabled to CFG-01's requirements.
    expect(rule.evaluate(scan, ruleContext(new Date('2026-12-06T12:00:00Z'))).status).toBe('PASS');
  });

  it('refuses the same file when the account is not configured, or a week after the freshness limit', async () => {
    const read = (accounts: string[], now: string) =>
      readProwlerScan(createReadStream(FIXTURE), { accounts, now: new Date(now), maxAgeHours: 192 });
    await expect(read(['222222222222'], '2026-12-06T12:00:00Z')).rejects.toThrow(
      /account 111111111111, which is not in the configuration/,
    );
    await expect(read(['111111111111'], '2026-12-20T12:00:00Z')).rejects.toThrow(
      /older than the freshness limit of 192 h/,
    );
  });
});

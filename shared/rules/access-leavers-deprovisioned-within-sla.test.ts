import { describe, expect, it } from '@jest/globals';
import { schema, type Leaver } from '../collectors/access-reconciliation/schema.js';
import { rule } from './access-leavers-deprovisioned-within-sla.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const iam = {
  source: 'aws-iam-credential-report',
  resource: 'arn:aws:iam::111111111111:user/erin.leaver',
  access: ['console password'],
};
const leaver = (email: string, o: Partial<Leaver> = {}): Leaver => ({
  email,
  idp: [{ source: 'okta-users', status: 'DEPROVISIONED', changedAt: '2026-02-02T17:30:00.000Z' }],
  deprovisionedAt: '2026-02-02T17:30:00.000Z',
  stillActive: [],
  open: false,
  latencyHours: null,
  breachesSla: false,
  ...o,
});
const data = (leavers: Leaver[]) =>
  schema.parse({
    asOf: ctx.now.toISOString(),
    deprovisioningSlaHours: 24,
    inputs: [],
    idpIdentities: 5,
    linkedAccounts: 0,
    leavers,
    orphans: [],
  });

describe('access-leavers-deprovisioned-within-sla', () => {
  it('returns PASS when leavers are deprovisioned or still within the SLA', () => {
    const out = rule.evaluate(
      data([
        leaver('a@x.example'),
        leaver('b@x.example', { stillActive: [iam], open: true, latencyHours: 3 }),
      ]),
      ctx,
    );
    expect(out).toEqual({
      status: 'PASS',
      reason: '2 leaver(s): 1 fully deprovisioned, 1 open within the 24 h SLA',
      failing: [],
    });
  });

  it('returns FAIL naming each leaver still active beyond the SLA, with the accounts and the latency', () => {
    const out = rule.evaluate(
      data([
        leaver('erin@acme.example', {
          stillActive: [iam],
          open: true,
          latencyHours: 642.5,
          breachesSla: true,
        }),
        leaver('zed@acme.example', {
          stillActive: [iam],
          open: true,
          deprovisionedAt: null,
          breachesSla: true,
        }),
      ]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([
      {
        resource: 'erin@acme.example',
        reason:
          'still active in arn:aws:iam::111111111111:user/erin.leaver (console password); 642.5 h since deprovisioning at 2026-02-02T17:30:00.000Z (SLA 24 h)',
      },
      {
        resource: 'zed@acme.example',
        reason:
          'still active in arn:aws:iam::111111111111:user/erin.leaver (console password); deprovisioning time unknown',
      },
    ]);
  });

  it('returns NOT_APPLICABLE for empty input: no leavers', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'no leaver in the identity providers',
      failing: [],
    });
  });
});

import { describe, expect, it } from '@jest/globals';
import {
  schema,
  type OpenIngress,
  type SecurityGroup,
} from '../collectors/aws-ec2-security-groups/schema.js';
import { rule } from './ec2-security-group-admin-ports-closed.js';
import { DEFAULT_THRESHOLDS, ruleContext } from './types.js';

const ADMIN_PORTS = [22, 3389, 5432];
const now = new Date('2026-03-01T00:00:00Z');
const ctx = ruleContext(now, { thresholds: { ...DEFAULT_THRESHOLDS, adminPorts: ADMIN_PORTS } });
const open = (
  protocol: string,
  port: number | null,
  cidr: OpenIngress['cidr'],
  adminPortsExposed: number[],
) => ({
  protocol,
  fromPort: port,
  toPort: port,
  cidr,
  adminPortsExposed,
});
const group = (groupId: string, groupName: string, openIngress: OpenIngress[]): SecurityGroup => ({
  groupId,
  groupName,
  vpcId: 'vpc-1',
  attached: true,
  openIngress,
});
const data = (groups: SecurityGroup[]) => schema.parse({ groups, adminPorts: ADMIN_PORTS });

describe('ec2-security-group-admin-ports-closed', () => {
  it('returns PASS when only non-admin ports (HTTPS) are open to the internet', () => {
    const out = rule.evaluate(data([group('sg-web', 'web', [open('tcp', 443, '0.0.0.0/0', [])])]), ctx);
    expect(out).toEqual({
      status: 'PASS',
      reason: 'none of 1 security groups opens ports 22, 3389, 5432 to the internet',
      failing: [],
    });
  });

  it('returns FAIL naming each group with the admin ports it opens, IPv4 and IPv6', () => {
    const out = rule.evaluate(
      data([
        group('sg-web', 'web', [open('tcp', 443, '0.0.0.0/0', [])]),
        group('sg-bastion', 'bastion', [open('tcp', 22, '0.0.0.0/0', [22])]),
        group('sg-win', 'win', [open('tcp', 3389, '::/0', [3389])]),
        group('sg-any', 'any', [open('-1', null, '0.0.0.0/0', ADMIN_PORTS)]),
      ]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('3 of 4 security groups open administrative ports to the internet');
    expect(out.failing).toEqual([
      { resource: 'sg-bastion', reason: 'bastion: tcp 22 from 0.0.0.0/0' },
      { resource: 'sg-win', reason: 'win: tcp 3389 from ::/0' },
      { resource: 'sg-any', reason: 'any: all traffic from 0.0.0.0/0' },
    ]);
  });

  it("judges the port range itself against the configured ports, not the collector's list (SMB 445 by default)", () => {
    const smb = data([group('sg-files', 'files', [{ ...open('tcp', 440, '0.0.0.0/0', []), toPort: 450 }])]);
    expect(rule.evaluate(smb, ctx).status).toBe('PASS');
    const out = rule.evaluate(smb, ruleContext(now));
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([{ resource: 'sg-files', reason: 'files: tcp 445 from 0.0.0.0/0' }]);
    expect(DEFAULT_THRESHOLDS.adminPorts).toEqual(expect.arrayContaining([22, 3389, 445]));
  });

  it('returns PASS for groups with no internet ingress at all', () => {
    expect(rule.evaluate(data([group('sg-db', 'db', [])]), ctx).status).toBe('PASS');
  });

  it('returns NOT_APPLICABLE for empty input: no security groups', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'the region has no security groups',
      failing: [],
    });
  });
});

import { beforeAll, describe, expect, it } from '@jest/globals';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import {
  loadControls,
  loadFrameworks,
  requirementsForControl,
  type Control,
} from '../../frameworks/index.js';
import type { AwsConnection } from '../../shared/sources/aws/clients.js';
import { collectors, getCollector } from '../../shared/collectors/registry.js';
import { collectEnvelope, scopeKey } from '../../shared/kernel/runner.js';
import { sealEnvelope } from '../../shared/evidence/artifact.js';
import type { Envelope } from '../../shared/evidence/envelope.js';
import { evaluateControl } from '../../shared/mapping/engine.js';
import { toEvidenceInput } from '../../shared/mapping/evidence-loader.js';
import type { ControlResult, EvidenceInput } from '../../shared/mapping/types.js';
import { rules } from '../../shared/rules/registry.js';
import { awsRules } from '../../shared/rules/aws-rules.js';
import { ruleContext } from '../../shared/rules/types.js';
import {
  seedDemoCompany,
  MANAGEMENT_ACCOUNT_ID,
  type DemoCompanyFacts,
} from '../../shared/demo/company/index.js';
import { awsTestConfig, motoEndpoint } from '../harness/aws.js';

const MGMT = MANAGEMENT_ACCOUNT_ID;
const GLOBAL = scopeKey({ account: MGMT, region: 'global' });
const regional = (region: string) => scopeKey({ account: MGMT, region });

/**
 * The collectors' connection to the management account. moto files assumed-role credentials under the
 * role's account, so assuming a role in 111111111111 addresses the seeded account (as a member role would
 * on AWS). S3 Control puts the account id in the host name: reach the emulator by name, not by IP.
 */
function managementConnection(): AwsConnection {
  const base = awsTestConfig();
  const endpoint = motoEndpoint().replace('127.0.0.1', 'localhost');
  return {
    endpoint,
    forcePathStyle: true,
    maxAttempts: 2,
    credentials: fromTemporaryCredentials({
      params: { RoleArn: `arn:aws:iam::${MGMT}:role/FluxEvidenceReadOnly`, RoleSessionName: 'demo-mapping' },
      masterCredentials: base.credentials,
      clientConfig: { endpoint, region: base.region },
    }),
  };
}

/** Every AWS collector, run for the management account: global ones once, regional ones per demo region. */
async function collectManagementAccount(facts: DemoCompanyFacts, now: () => Date): Promise<Envelope[]> {
  const connection = managementConnection();
  const units = collectors
    .filter((c) => c.meta.source === 'aws')
    .flatMap((c) =>
      c.meta.scope === 'regional'
        ? facts.regions.map((region) => ({ c, scope: { account: MGMT, region } }))
        : [{ c, scope: { account: MGMT, region: 'global' } }],
    );
  const out = await Promise.all(units.map(({ c, scope }) => collectEnvelope(c, scope, { connection, now })));
  return out.map((o) => o.envelope);
}

const toInput = (e: Envelope): EvidenceInput => toEvidenceInput(e, sealEnvelope(e).sha256, scopeKey(e.scope));

/**
 * moto's credential report carries a constant GeneratedTime years in the past (docs/EMULATOR.md: "GeneratedTime is
 * fixed"), so the engine rightly judges it stale. On AWS a freshly generated report is dated at generation: the
 * test dates the emulator's report at its collection time, and checks separately that the raw one is UNKNOWN.
 */
function redateMotoCredentialReport(e: EvidenceInput): EvidenceInput {
  return e.collector === 'aws-iam-credential-report' ? { ...e, observedAt: e.collectedAt } : e;
}

describe('demo company mapping (collect → rules → controls → framework requirements)', () => {
  const allRules = [...new Map([...rules, ...awsRules].map((r) => [r.id, r])).values()];
  const frameworks = loadFrameworks();
  const controls = loadControls();
  const control = (id: string): Control => controls.find((c) => c.id === id)!;
  let facts: DemoCompanyFacts;
  let envelopes: Envelope[];
  let results: Map<string, ControlResult>;
  let rawIam02: ControlResult;
  const ttl = (id: string) => getCollector(id)?.meta.ttlHours;
  const evaluateAll = (evidence: readonly EvidenceInput[], now: Date) =>
    new Map(
      controls
        .filter((c) => c.automation !== 'manual')
        .map((c) => [c.id, evaluateControl(c, allRules, evidence, now, ttl)] as const),
    );

  beforeAll(async () => {
    const now = new Date();
    facts = await seedDemoCompany({ endpoint: motoEndpoint() }, { now });
    envelopes = await collectManagementAccount(facts, () => now);
    const evidence = envelopes.map(toInput);
    results = evaluateAll(evidence.map(redateMotoCredentialReport), now);
    rawIam02 = evaluateAll(evidence, now).get('IAM-02')!;
  }, 180_000);

  /** The failing resources of a control in one scope, without the scope prefix. */
  const failingIn = (controlId: string, scope: string) =>
    results
      .get(controlId)!
      .failing.filter((f) => f.resource.startsWith(`${scope}/`))
      .map((f) => f.resource.slice(scope.length + 1));

  it('collects the management account: every artifact carries data and names the seeded account', () => {
    expect(envelopes.length).toBeGreaterThanOrEqual(20);
    const identities = new Set(envelopes.map((e) => e.provenance.identity));
    expect([...identities].every((id) => id.includes(`:${MGMT}:`))).toBe(true);
    const iam = envelopes.find((e) => e.collector === 'aws-iam-credential-report')!;
    expect(iam.errors).toEqual([]);
    expect((iam.data as { users: unknown[] }).users.length).toBeGreaterThan(0);
  });

  it('judges the emulator credential report, dated years back, stale: UNKNOWN, never PASS', () => {
    expect(rawIam02.status).toBe('UNKNOWN');
    expect(rawIam02.reason).toMatch(/evidence from aws-iam-credential-report is stale/);
  });

  it('FAILs IAM-02 naming each console user without MFA', () => {
    expect(results.get('IAM-02')!.status).toBe('FAIL');
    const failing = failingIn('IAM-02', GLOBAL);
    expect(facts.iam.consoleUsersWithoutMfa.length).toBeGreaterThan(0);
    for (const name of facts.iam.consoleUsersWithoutMfa) {
      expect(failing.some((r) => r.endsWith(`:user/${name}`))).toBe(true);
    }
    const withMfa = facts.iam.users.filter((u) => u.account === MGMT && u.mfa).map((u) => u.userName);
    expect(failing.filter((r) => withMfa.some((n) => r.endsWith(`/${n}`)))).toEqual([]);
  });

  it('FAILs DAT-01 naming the public bucket', () => {
    expect(results.get('DAT-01')!.status).toBe('FAIL');
    const failing = failingIn('DAT-01', GLOBAL);
    const publicBuckets = facts.s3.buckets.filter((b) => b.account === MGMT && b.posture === 'public');
    expect(publicBuckets.length).toBeGreaterThan(0);
    for (const b of publicBuckets) expect(failing).toContain(b.name);
    expect(results.get('DAT-01')!.ruleVersions).toHaveProperty('s3-bucket-policy-not-public');
  });

  it('FAILs NET-04 naming the security groups open to the internet on SSH and RDP', () => {
    expect(results.get('NET-04')!.status).toBe('FAIL');
    const open = facts.ec2.securityGroups.filter((g) => g.account === MGMT && g.posture !== 'restricted');
    expect(open.map((g) => g.posture)).toContain('ssh-world');
    for (const g of open) expect(failingIn('NET-04', regional(g.region))).toContain(g.groupId);
    const restricted = facts.ec2.securityGroups.filter(
      (g) => g.account === MGMT && g.posture === 'restricted',
    );
    for (const g of restricted) expect(failingIn('NET-04', regional(g.region))).not.toContain(g.groupId);
  });

  it('FAILs CRY-01 naming the unencrypted RDS instance but not the encrypted one', () => {
    expect(results.get('CRY-01')!.status).toBe('FAIL');
    const dbs = facts.rds.instances.filter((d) => d.account === MGMT);
    const bad = dbs.filter((d) => !d.storageEncrypted);
    expect(bad.length).toBeGreaterThan(0);
    for (const d of dbs) {
      const named = failingIn('CRY-01', regional(d.region)).includes(d.arn);
      expect(named).toBe(!d.storageEncrypted);
    }
  });

  it('FAILs LOG-02 naming the trail without log file validation', () => {
    expect(results.get('LOG-02')!.status).toBe('FAIL');
    const trails = facts.cloudTrail.trails.filter((t) => t.account === MGMT && !t.logFileValidation);
    expect(trails.length).toBeGreaterThan(0);
    for (const t of trails) {
      const f = results
        .get('LOG-02')!
        .failing.find(
          (x) =>
            x.resource === `${regional(t.homeRegion)}/${t.arn}` && x.reason === 'log file validation off',
        );
      expect(f).toBeDefined();
    }
  });

  it('resolves the ISO 27001, SOC 2, NIS2 and GDPR requirements of every failing control', () => {
    for (const id of ['IAM-02', 'DAT-01', 'NET-04', 'CRY-01', 'LOG-02']) {
      const resolved = requirementsForControl(frameworks, control(id));
      const byFramework = new Set(resolved.map((r) => r.framework));
      expect([...byFramework].sort()).toEqual(['gdpr', 'iso27001-2022', 'nis2', 'soc2-2017']);
      for (const r of resolved) expect(r.requirement.id).toBeTruthy();
    }
    const net04 = requirementsForControl(frameworks, control('NET-04')).map((r) => r.requirement.id);
    expect(net04).toEqual(expect.arrayContaining(['A.8.20', 'CC6.6', 'NIS2-21.2.e', 'GDPR-32.1']));
  });

  it('passes what the demo company does right and never turns a root check into a crash', () => {
    expect(
      results.get('CFG-02')!.failing.filter((f) => f.resource.startsWith(`${regional('us-east-1')}/`)),
    ).toEqual([]);
    // moto's credential report has no root row: root MFA cannot be seen, so IAM-05 is UNKNOWN (never PASS on
    // the root-keys rule alone), with the reason in words.
    expect(results.get('IAM-05')!.status).toBe('UNKNOWN');
    const report = envelopes.find((e) => e.collector === 'aws-iam-credential-report')!;
    const rootMfa = allRules.find((r) => r.id === 'iam-root-mfa-enabled')!;
    expect(rootMfa.evaluate(report.data, ruleContext(new Date())).status).toBe('UNKNOWN');
    expect(results.get('IAM-05')!.reason).toContain('no root account row');
    for (const r of results.values()) expect(r.reason).not.toMatch(/ threw: /);
  });
});

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildDeploymentDeps } from '../../shared/access/deployment.js';
import { createSnapshot, issueSnapshotUrl, type SnapshotServiceDeps } from '../../shared/access/snapshots.js';
import { openBackend, type Backend } from '../../shared/cli/backend.js';
import { loadCatalog } from '../../shared/cli/catalog.js';
import { runCollection, type CollectRunSummary } from '../../shared/cli/ops/collect.js';
import { evaluateAllControls, type EvaluateAllOutcome } from '../../shared/cli/ops/evaluate.js';
import { evaluateFrameworkWindow, type WindowEvaluation } from '../../shared/usecases/framework-window.js';
import { FluxConfigSchema, type FluxConfig } from '../../shared/config/schema.js';
import { createLedgerTable } from '../../shared/ledger/dynamo-schema.js';
import { ensureEvidenceBucket } from '../../shared/store/evidence-bucket.js';
import { readAll, writeAll } from '../../shared/snapshot/testing/zip-tools.js';
import {
  MANAGEMENT_ACCOUNT_ID,
  seedDemoCompany,
  type DemoCompanyFacts,
} from '../../shared/demo/company/index.js';
import { awsTestConfig, motoEndpoint } from '../harness/aws.js';

/**
 * The whole auditor path on the emulator, through the functions the CLI and the snapshot API use: seed Acme,
 * collect the management account into the deployed backend (S3 Object Lock store + DynamoDB ledger + KMS signer),
 * sign a checkpoint, evaluate controls and the SOC 2 window, create a snapshot for an auditor engagement, issue a
 * presigned URL, download through it and verify the file with `node bin/flux-evidence.js verify` as a user would.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const BUCKET = 'flux-evidence-e2e-123456789012';
const TABLE = 'flux-ledger-e2e';
const ENGAGEMENT = 'acme-soc2-e2e';
const AUDITOR_ROLE = 'arn:aws:iam::123456789012:role/acme-auditor';
const AUDITOR_SESSION = 'arn:aws:sts::123456789012:assumed-role/acme-auditor/jane@audit.example';
// Two controls over the management account's us-east-1 artifacts keep the run short. Every snapshot signature is
// RAW (a small statement naming the manifest's SHA-256), so the KMS signature is real on moto too.
const CONTROLS = ['DAT-04', 'NET-04'];
const COLLECTORS = ['aws-ec2-security-groups', 'aws-rds-instances'];
const ENV_KEYS = [
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_PROFILE',
] as const;
const savedEnv = new Map(ENV_KEYS.map((k) => [k, process.env[k]]));
const timings: Record<string, number> = {};
const timed = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
  const t = Date.now();
  try {
    return await f();
  } finally {
    timings[label] = Date.now() - t;
  }
};
const day = (d: Date, offset = 0) => new Date(d.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

let dir: string;
let facts: DemoCompanyFacts;
let config: FluxConfig;
let backend: Backend;
let service: SnapshotServiceDeps;
let fingerprint: string;
let collectedAt: Date;
let collected: CollectRunSummary;
let evaluated: EvaluateAllOutcome;
let windowed: WindowEvaluation;
let zipPath: string;

/** Spawns the CLI verifier as a user runs it; resolves with its exit code and output. */
async function cliVerify(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const out = await run('node', ['bin/flux-evidence.js', 'verify', file, '--key', fingerprint], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout: out.stdout, stderr: out.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

beforeAll(async () => {
  const aws = awsTestConfig();
  dir = mkdtempSync(join(tmpdir(), 'snapshot-e2e-'));
  // The deployed backend builds its clients from the default chain, as the CLI does: point it at moto.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_ACCESS_KEY_ID: aws.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: aws.credentials.secretAccessKey,
    AWS_REGION: aws.region,
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;

  const s3 = new S3Client(aws);
  const ddb = new DynamoDBClient(aws);
  const kms = new KMSClient(aws);
  try {
    await timed('infrastructure', async () => {
      await ensureEvidenceBucket(s3, BUCKET, { objectLock: { mode: 'COMPLIANCE', days: 1 } });
      await createLedgerTable(ddb, TABLE);
    });
    const key = await kms.send(
      new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'e2e signing' }),
    );
    const signingKeyArn = key.KeyMetadata!.Arn!;
    const pub = await kms.send(new GetPublicKeyCommand({ KeyId: signingKeyArn }));
    fingerprint = createHash('sha256').update(pub.PublicKey!).digest('hex');

    facts = await timed('seed', () => seedDemoCompany({ endpoint: aws.endpoint }));
    config = FluxConfigSchema.parse({
      origin: 'acme-analytics/e2e',
      deployment: { region: aws.region, evidenceBucket: BUCKET, ledgerTable: TABLE, signingKeyArn },
      aws: { accounts: { mode: 'list', ids: [MANAGEMENT_ACCOUNT_ID] }, regions: ['us-east-1'] },
      retention: { mode: 'COMPLIANCE', days: 1 },
      auditors: [
        {
          principalArn: AUDITOR_ROLE,
          engagement: ENGAGEMENT,
          frameworks: ['soc2-2017'],
          endsOn: '2099-01-01',
        },
      ],
    });
    backend = await openBackend(config, { forcePathStyle: true });
    service = buildDeploymentDeps({
      region: aws.region,
      endpoint: aws.endpoint,
      credentials: aws.credentials,
      accountId: '123456789012',
      bucket: BUCKET,
      table: TABLE,
      signingKeyArn,
      origin: config.origin,
      auditors: config.auditors,
      retention: config.retention,
      controls: loadCatalog().controls,
      toolVersion: '0.0.0-e2e',
    });
  } finally {
    for (const c of [s3, ddb, kms]) c.destroy();
  }
}, 180_000);

afterAll(async () => {
  await backend?.close();
  for (const [k, v] of savedEnv) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`snapshot-e2e timings (ms): ${JSON.stringify(timings)}\n`);
});

describe('snapshot end to end on the emulator', () => {
  it('collects the management account into S3 + DynamoDB with provenance and signs a KMS checkpoint', async () => {
    collectedAt = new Date();
    collected = await timed('collect', () =>
      runCollection(config, backend, {
        only: COLLECTORS,
        now: () => collectedAt,
        connection: {
          endpoint: motoEndpoint().replace('127.0.0.1', 'localhost'),
          forcePathStyle: true,
          credentials: awsTestConfig().credentials,
        },
        homeRegion: 'us-east-1',
      }),
    );
    expect(collected.failures).toEqual([]);
    expect(collected.stored).toBe(2);
    for (const r of collected.results) {
      expect(r.envelope.scope).toEqual({ account: MANAGEMENT_ACCOUNT_ID, region: 'us-east-1' });
      expect(r.envelope.errors).toEqual([]);
      // The member role assumed in the management account, as STS reported it.
      expect(r.envelope.provenance.identity).toBe(
        `arn:aws:sts::${MANAGEMENT_ACCOUNT_ID}:assumed-role/FluxEvidenceReadOnly/flux-evidence-collector`,
      );
      expect(r.key).toMatch(/^evidence\//);
    }
    const cp = await backend.ledger.checkpoint(backend.signer, new Date());
    // Two artifacts and the run's coverage attestation.
    expect(cp.checkpoint.treeSize).toBe(3);
    expect(cp.keyId).toBe(config.deployment!.signingKeyArn);
  });

  it('maps the evidence: NET-04 fails on the open SSH group, DAT-04 on the public database', async () => {
    const catalog = loadCatalog();
    evaluated = await timed('evaluate', () =>
      evaluateAllControls({
        controls: catalog.controls,
        rules: catalog.rules,
        ttlHoursOf: catalog.ttlHoursOf,
        evidence: backend.evidence,
        results: backend.results,
        now: () => new Date(),
      }),
    );
    const net04 = evaluated.results.find((r) => r.controlId === 'NET-04')!;
    const dat04 = evaluated.results.find((r) => r.controlId === 'DAT-04')!;
    const ssh = facts.ec2.securityGroups.find(
      (g) => g.account === MANAGEMENT_ACCOUNT_ID && g.posture === 'ssh-world',
    )!;
    const db = facts.rds.instances.find((i) => i.account === MANAGEMENT_ACCOUNT_ID && i.publiclyAccessible)!;
    expect(net04.status).toBe('FAIL');
    expect(net04.failing.map((f) => f.resource).join(' ')).toContain(ssh.groupId);
    expect(dat04.status).toBe('FAIL');
    expect(dat04.failing.map((f) => f.resource).join(' ')).toContain(db.id);

    const soc2 = catalog.frameworks.find((f) => f.id === 'soc2-2017')!;
    windowed = await timed('window', () =>
      evaluateFrameworkWindow({
        framework: soc2,
        controls: catalog.controls,
        results: backend.results,
        ledger: backend.ledger,
        window: { start: day(collectedAt, -1), end: day(collectedAt), timeZone: 'UTC' },
      }),
    );
    for (const id of CONTROLS) {
      const report = windowed.controls.find((c) => c.controlId === id)!;
      expect(report.verdict).not.toMatch(/^effective/);
      expect(report.exceptions.length).toBeGreaterThan(0);
    }
    expect(windowed.checkpoint?.checkpoint.treeSize).toBe(3);
  });

  it('creates the engagement snapshot, issues a presigned URL and downloads the zip through it', async () => {
    const caller = { kind: 'auditor', principal: AUDITOR_SESSION } as const;
    const created = await timed('snapshot', () =>
      createSnapshot(
        caller,
        {
          engagement: ENGAGEMENT,
          framework: 'soc2-2017',
          window: windowed.window,
          controls: CONTROLS,
        },
        service,
      ),
    );
    expect(created).toMatchObject({ engagement: ENGAGEMENT, framework: 'soc2-2017', artifacts: 2 });
    const issued = await issueSnapshotUrl(
      caller,
      { engagement: ENGAGEMENT, id: created.id, expiresIn: 900 },
      service,
    );
    expect(issued.snapshotKey).toBe(created.key);
    expect(new URL(issued.url).searchParams.get('X-Amz-Expires')).toBe('900');
    const res = await timed('download', () => fetch(issued.url));
    expect(res.status).toBe(200);
    zipPath = join(dir, 'snapshot.zip');
    writeFileSync(zipPath, Buffer.from(await res.arrayBuffer()));

    const files = await readAll(zipPath);
    // Manifest small enough to be signed RAW (see CONTROLS).
    expect(files.get('manifest.json')!.length).toBeLessThanOrEqual(4096);
    const ssh = facts.ec2.securityGroups.find(
      (g) => g.account === MANAGEMENT_ACCOUNT_ID && g.posture === 'ssh-world',
    )!;
    const net04 = JSON.parse(files.get('results/NET-04.json')!.toString('utf8')) as {
      status: string;
      failing: { resource: string }[];
      artifacts: string[];
    }[];
    expect(
      net04.some((r) => r.status === 'FAIL' && r.failing.some((f) => f.resource.includes(ssh.groupId))),
    ).toBe(true);
    const sgEvidence = [...files].filter(([p]) => p.startsWith('evidence/aws-ec2-security-groups/'));
    expect(sgEvidence).toHaveLength(1);
    const [sgPath, sgBytes] = sgEvidence[0]!;
    expect(net04[0]!.artifacts).toContain(/_([0-9a-f]{64})\.json$/.exec(sgPath)![1]);
    expect(sgBytes.toString('utf8')).toContain(ssh.groupId);
    expect(sgBytes.toString('utf8')).toContain('0.0.0.0/0');
    expect([...files.keys()].some((p) => p.startsWith('evidence/aws-rds-instances/'))).toBe(true);
  });

  it('verifies with the CLI and the pinned KMS key fingerprint: exit 0, every check holds', async () => {
    const r = await timed('cli-verify', () => cliVerify(zipPath));
    expect(r.stderr).not.toContain('flux-evidence verify:');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^FAIL /m);
    expect(r.stdout).toMatch(/^PASS {2}pinned-key:/m);
    expect(r.stdout).toMatch(/^PASS {2}manifest-signature:/m);
    expect(r.stdout).toMatch(/all \d+ checks hold/);
  }, 60_000);

  it('exits 1 naming the failed checks when one byte of the evidence is flipped', async () => {
    const files = await readAll(zipPath);
    const ssh = facts.ec2.securityGroups.find(
      (g) => g.account === MANAGEMENT_ACCOUNT_ID && g.posture === 'ssh-world',
    )!;
    const [path, bytes] = [...files].find(([p]) => p.startsWith('evidence/aws-ec2-security-groups/'))!;
    const tampered = Buffer.from(bytes);
    const at = tampered.indexOf(ssh.groupId) + ssh.groupId.length - 1;
    tampered[at] = tampered[at]! ^ 0x01;
    files.set(path, tampered);
    const bad = join(dir, 'tampered.zip');
    await writeAll(bad, files);

    const r = await cliVerify(bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}file-hashes:.*evidence\/aws-ec2-security-groups\//m);
    expect(r.stdout).toMatch(/check\(s\) failed: .*file-hashes/);
    expect(r.stdout).toContain('evidence-names');
  }, 60_000);
});

// Manual evidence in a deployment, end to end on the emulator: the CLI signs its requests (SigV4) to the HTTP API
// (a local adapter checks the signatures as API Gateway's IAM authorization does), PUTs the file to the presigned
// create-only URL on moto's S3, and the API queues the statements the sequencer then appends.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { buildUploadApiDeps } from '../../functions/manual-upload/config.js';
import { routeHandler } from '../../functions/manual-upload/handler.js';
import { createSequencerHandler } from '../../functions/sequencer/handler.js';
import { ORIGIN, sequencerOnMoto } from '../../functions/sequencer/test-sequencer.js';
import { motoEndpoint } from '../harness/aws.js';
import { signedFetch, startApiGateway, type KnownCaller } from '../harness/api-gateway.js';
import { runCli } from './cli-harness.js';

const caller = (name: string, role: string): KnownCaller => ({
  accessKeyId: `ASIA${name.toUpperCase().padEnd(16, '0')}`,
  secretAccessKey: `${name}-secret-key-for-tests-only`,
  userArn: `arn:aws:sts::123456789012:assumed-role/${role}/${name}@acme.example`,
});
const OPERATOR = caller('lee', 'acme-compliance');
const REVIEWER = caller('robin', 'acme-internal-audit');
const AUDITOR = caller('jane', 'acme-auditor');

let seq: Awaited<ReturnType<typeof sequencerOnMoto>>;
let api: Awaited<ReturnType<typeof startApiGateway>>;
let dir: string;
let config: string;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const cliAs = (who: KnownCaller, ...args: string[]) =>
  runCli(['-c', config, ...args], {
    AWS_ACCESS_KEY_ID: who.accessKeyId,
    AWS_SECRET_ACCESS_KEY: who.secretAccessKey,
    AWS_ENDPOINT_URL: motoEndpoint(),
    AWS_REGION: 'us-east-1',
    NO_COLOR: '1',
  });
/** The CLI's JSON output, without the lines the in-process API handler logs to the same stdout. */
const cliJson = (stdout: string) =>
  JSON.parse(
    stdout
      .split('\n')
      .filter((l) => !/^\{"(level|_aws)"/.test(l))
      .join('\n'),
  ) as unknown;
const drain = () => createSequencerHandler(() => seq.deps)();
const treeSize = async () => (await seq.deps.ledger.head()).treeSize;
const keys = async (prefix: string) =>
  ((await seq.s3.send(new ListObjectsV2Command({ Bucket: seq.bucket, Prefix: prefix }))).Contents ?? [])
    .map((o) => o.Key!)
    .sort();
const listed = async () => {
  const r = await cliAs(OPERATOR, 'evidence', 'list', '--json');
  expect(r.code).toBe(0);
  return (
    cliJson(r.stdout) as {
      documents: {
        id: string;
        statement: Record<string, unknown>;
        approvals: { statement: { by: string } }[];
      }[];
    }
  ).documents;
};

beforeAll(async () => {
  seq = await sequencerOnMoto();
  const deps = buildUploadApiDeps({
    TABLE_NAME: seq.table,
    EVIDENCE_BUCKET: seq.bucket,
    APPEND_QUEUE_URL: seq.queueUrl,
    FLUX_CONFIG: JSON.stringify({
      origin: ORIGIN,
      retention: { mode: 'COMPLIANCE', days: 1 },
      auditors: [
        {
          principalArn: 'arn:aws:iam::123456789012:role/acme-auditor',
          engagement: 'acme-soc2-2026',
          frameworks: ['soc2-2017'],
          endsOn: '2099-12-31',
        },
      ],
    }),
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: motoEndpoint(),
  });
  api = await startApiGateway(
    routeHandler(() => deps),
    [OPERATOR, REVIEWER, AUDITOR],
  );
  dir = mkdtempSync(join(tmpdir(), 'manual-deploy-'));
  config = join(dir, 'flux.config.json');
  const deployment = {
    region: 'us-east-1',
    evidenceBucket: seq.bucket,
    ledgerTable: seq.table,
    signingKeyArn: seq.key.KeyMetadata!.Arn!,
    snapshotApiUrl: api.endpoint,
  };
  writeFileSync(config, JSON.stringify({ origin: ORIGIN, frameworks: ['soc2-2017'], deployment }));
  writeFileSync(
    join(dir, 'no-api.json'),
    JSON.stringify({ origin: ORIGIN, deployment: { ...deployment, snapshotApiUrl: undefined } }),
  );
  // A PDF-sized document: 3 MiB.
  writeFileSync(
    join(dir, 'supplier-review.pdf'),
    Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 * 1024 * 1024)]),
  );
  writeFileSync(join(dir, 'empty.pdf'), '');
  writeFileSync(join(dir, 'big.pdf'), '');
  truncateSync(join(dir, 'big.pdf'), 100 * 1024 * 1024 + 1);
}, 120_000);

afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('evidence add against a deployment (HTTP API, presigned create-only PUT, sequencer)', () => {
  let id: string;

  it('uploads, checks and queues the document; the sequencer appends it; evidence list shows it', async () => {
    const before = await treeSize();
    const add = await cliAs(
      OPERATOR,
      'evidence',
      'add',
      '--control',
      'SUP-01',
      '--file',
      join(dir, 'supplier-review.pdf'),
      '--title',
      'Supplier review 2026',
      '--owner',
      'Lee',
      '--valid-until',
      '2099-01-31',
      '--json',
    );
    expect(add.code).toBe(0);
    const added = cliJson(add.stdout) as {
      id: string;
      index?: number;
      statement: Record<string, unknown>;
    };
    id = added.id;
    expect(added.index).toBeUndefined(); // queued: the API never writes the log itself
    expect(await treeSize()).toBe(before);
    expect(added.statement).toMatchObject({
      addedBy: OPERATOR.userArn,
      size: 9 + 3 * 1024 * 1024,
      mediaType: 'application/pdf',
    });
    expect(await keys('manual-files/')).toEqual([`manual-files/${added.statement.fileSha256 as string}.pdf`]);

    expect(await drain()).toMatchObject({ appended: 1, refused: 0 });
    expect(await treeSize()).toBe(before + 1);
    const docs = await listed();
    expect(docs.map((d) => d.id)).toEqual([id]);
    expect(docs[0]!.statement).toMatchObject({ title: 'Supplier review 2026', controls: ['SUP-01'] });
    const show = await cliAs(OPERATOR, 'evidence', 'show', id.slice(0, 12));
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/verified/);
  }, 120_000);

  it('takes approvals through the API as the caller, refusing the uploader approving their own document', async () => {
    const self = await cliAs(OPERATOR, 'evidence', 'approve', id.slice(0, 12));
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/another person must approve it/);
    const ok = await cliAs(REVIEWER, 'evidence', 'approve', id.slice(0, 12), '--note', 'checked');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/queued for the log/);
    const exception = await cliAs(
      OPERATOR,
      'exception',
      'add',
      '--control',
      'IAM-11',
      '--reason',
      'legacy break-glass user',
      '--owner',
      'Lee',
      '--expires',
      '2099-06-30',
    );
    expect(exception.code).toBe(0);
    expect(await drain()).toMatchObject({ appended: 2, refused: 0 });
    expect((await listed())[0]!.approvals.map((a) => a.statement.by)).toEqual([REVIEWER.userArn]);
  }, 120_000);

  it('refuses a stored object whose hash or size differs from the declaration, with a 400, and logs nothing', async () => {
    const before = await treeSize();
    const good = Buffer.from('%PDF-1.7 access review Q1');
    const declared = { fileName: 'access-review.pdf', size: good.length, sha256: sha(good) };
    const meta = { controls: ['IAM-01'], title: 'Access review Q1', owner: 'Lee' };
    const up = await signedFetch(api.endpoint, OPERATOR, 'POST', '/manual/uploads', declared);
    expect(up.status).toBe(201);
    const { url, headers } = up.body as { url: string; headers: Record<string, string> };
    expect(new URL(url).searchParams.get('X-Amz-SignedHeaders')).toContain('if-none-match');
    expect(headers['if-none-match']).toBe('*');
    // moto does not check the signed checksum (real S3 refuses this PUT): the completion step must catch it.
    const tampered = Buffer.from('%PDF-1.7 access review QX');
    expect(tampered.length).toBe(good.length);
    expect((await fetch(url, { method: 'PUT', body: tampered, headers })).ok).toBe(true);
    const hash = await signedFetch(api.endpoint, OPERATOR, 'POST', '/manual/evidence', {
      ...declared,
      ...meta,
    });
    expect(hash.status).toBe(400);
    expect(JSON.stringify(hash.body)).toMatch(/not uploaded, or not the declared file/);

    const small = Buffer.from('%PDF-1.7 vendor list');
    const wrongSize = { fileName: 'vendors.pdf', size: small.length + 5, sha256: sha(small) };
    const up2 = await signedFetch(api.endpoint, OPERATOR, 'POST', '/manual/uploads', wrongSize);
    const put = await fetch(up2.body.url as string, {
      method: 'PUT',
      body: small,
      headers: { ...(up2.body.headers as Record<string, string>), 'content-length': String(small.length) },
    });
    expect(put.ok).toBe(true);
    const size = await signedFetch(api.endpoint, OPERATOR, 'POST', '/manual/evidence', {
      ...wrongSize,
      ...meta,
    });
    expect(size.status).toBe(400);
    expect(JSON.stringify(size.body)).toMatch(/bytes stored, 25 declared/);

    expect(await keys('manual/')).toHaveLength(1); // only the first test's statement
    await drain();
    expect(await treeSize()).toBe(before);
  }, 120_000);

  it('refuses auditors (403, nothing presigned) and empty or oversized files by their declared size', async () => {
    const before = api.invocations();
    const body = { fileName: 'x.pdf', size: 10, sha256: 'a'.repeat(64) };
    const auditor = await signedFetch(api.endpoint, AUDITOR, 'POST', '/manual/uploads', body);
    expect(auditor.status).toBe(403);
    expect(auditor.body.error).toMatchObject({ reason: 'auditor-cannot-add-evidence' });
    const viaCli = await cliAs(
      AUDITOR,
      'evidence',
      'add',
      '--control',
      'SUP-01',
      '--file',
      join(dir, 'supplier-review.pdf'),
      '--title',
      't',
      '--owner',
      'o',
    );
    expect(viaCli.code).toBe(3);
    expect(viaCli.stderr).toMatch(/auditors cannot add evidence/);
    for (const size of [0, 100 * 1024 * 1024 + 1]) {
      const r = await signedFetch(api.endpoint, OPERATOR, 'POST', '/manual/uploads', { ...body, size });
      expect(r.status).toBe(400);
      expect(r.body.url).toBeUndefined();
      expect(JSON.stringify(r.body)).toMatch(
        size === 0 ? /empty \(0 bytes\)/ : /over the 104857600-byte limit/,
      );
    }
    const invoked = api.invocations();
    expect(invoked - before).toBe(4);
    // The CLI checks the file before it calls the API at all.
    for (const [file, message] of [
      ['empty.pdf', /empty \(0 bytes\)/],
      ['big.pdf', /over the 104857600-byte limit/],
    ] as const) {
      const r = await cliAs(
        OPERATOR,
        'evidence',
        'add',
        '--control',
        'SUP-01',
        '--file',
        join(dir, file),
        '--title',
        't',
        '--owner',
        'o',
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(api.invocations()).toBe(invoked);
  }, 120_000);

  it('refuses a deployment without the API URL (exit 2) instead of writing the log directly', async () => {
    const before = await keys('manual-files/');
    const r = await runCli(
      [
        '-c',
        join(dir, 'no-api.json'),
        'evidence',
        'add',
        '--control',
        'SUP-01',
        '--file',
        join(dir, 'supplier-review.pdf'),
        '--title',
        't',
        '--owner',
        'o',
      ],
      { AWS_ENDPOINT_URL: motoEndpoint(), NO_COLOR: '1' },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/deployment.snapshotApiUrl is not set/);
    expect(await keys('manual-files/')).toEqual(before);
  }, 60_000);
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadControls, loadFrameworks } from '../../frameworks/index.js';
import { createSnapshotHandler } from '../../functions/snapshot-api/handler.js';
import type { ApiEvent } from '../../functions/http.js';
import { buildDeploymentDeps } from '../../shared/access/deployment.js';
import { AUDITORS, BUCKET, TABLE, buildAccessWorld } from '../../shared/access/testing/world.js';
import { addDocument, addException, approveEvidence } from '../../shared/manual/add.js';
import { S3BlobStore } from '../../shared/manual/blob-store.js';
import { readAll } from '../../shared/snapshot/testing/zip-tools.js';
import { awsTestConfig } from '../harness/aws.js';
import { runCli } from './cli-harness.js';

/**
 * One window evaluation (issue #18): the CLI's `window` (printed and `--snapshot`) and the snapshot API's
 * `POST /snapshots` judge the same evidence, manual statements and scope exclusions through the same use case, so
 * what they print and archive is deep-equal: control reports, requirement roll-ups with their manual halves, and the
 * samples the closing checkpoint and the auditor's nonce draw.
 */
const aws = awsTestConfig();
const NONCE = 'auditor-nonce-parity-0001';
const WINDOW = { start: '2026-01-01', end: '2026-01-03' };
const EXCLUSIONS = [
  { framework: 'soc2-2017', requirement: 'A1.2', reason: 'Availability is not in the scope of this report' },
];
const SESSION = 'arn:aws:sts::123456789012:assumed-role/acme-auditor/jane@audit.example';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test compares arbitrary JSON documents
type Json = any;

let dir: string;
let cliJson: Json;
let cliZip: Map<string, Buffer>;
let apiZip: Map<string, Buffer>;
const parsed = (files: Map<string, Buffer>, path: string): Json =>
  JSON.parse(files.get(path)!.toString('utf8')) as Json;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'window-parity-'));
  const world = await buildAccessWorld(aws, 3);
  const retention = { mode: 'COMPLIANCE' as const, days: 1 };
  // Person-made statements inside the window: a policy approved by someone else, and a risk acceptance.
  const manual = {
    ledger: world.ledger,
    blobs: new S3BlobStore({ s3: world.s3, bucket: BUCKET, retention }),
    frameworks: loadFrameworks(),
    controls: loadControls(),
    clock: () => new Date('2026-01-02T12:00:00.000Z'),
  };
  const doc = await addDocument(manual, {
    requirements: [],
    controls: ['BCP-01'],
    title: 'Business continuity plan v4',
    owner: 'Dana',
    validUntil: '2026-12-31',
    fileName: 'bcp.pdf',
    bytes: Buffer.from('%PDF-1.7 business continuity plan v4'),
  });
  await approveEvidence(manual, { id: doc.id, by: 'Robin' });
  await addException(manual, {
    control: 'IAM-11',
    reason: 'legacy root key while the vendor migrates',
    owner: 'Carol',
    expires: '2026-06-30',
  });
  // The checkpoint that closes the window (the latest at or before its end) covers every statement.
  await world.ledger.checkpoint(world.signer, new Date('2026-01-03T23:00:00.000Z'));

  const config = join(dir, 'flux.config.json');
  const deployment = {
    region: aws.region,
    evidenceBucket: BUCKET,
    ledgerTable: TABLE,
    signingKeyArn: world.signer.keyId,
  };
  writeFileSync(
    config,
    JSON.stringify({
      origin: 'flux-evidence/test',
      frameworks: ['soc2-2017'],
      deployment,
      retention,
      exclusions: EXCLUSIONS,
    }),
  );
  const env = {
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_ACCESS_KEY_ID: aws.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: aws.credentials.secretAccessKey,
    AWS_REGION: aws.region,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    NO_COLOR: '1',
  };
  const zip = join(dir, 'cli.zip');
  const w = await runCli(
    [
      '-c',
      config,
      'window',
      '--framework',
      'soc2-2017',
      '--from',
      WINDOW.start,
      '--to',
      WINDOW.end,
      '--auditor-nonce',
      NONCE,
      '--snapshot',
      zip,
      '--json',
    ],
    env,
  );
  expect(w.stderr).toBe('');
  cliJson = JSON.parse(w.stdout) as Json;
  cliZip = await readAll(zip);

  // The API's handler, on the same deployment (the service `snapshot create` and the Lambda build).
  const deps = buildDeploymentDeps({
    ...aws,
    endpoint: aws.endpoint,
    credentials: aws.credentials,
    accountId: '123456789012',
    bucket: BUCKET,
    table: TABLE,
    signingKeyArn: world.signer.keyId,
    origin: 'flux-evidence/test',
    auditors: AUDITORS,
    retention,
    controls: loadControls(),
    exclusions: EXCLUSIONS,
    toolVersion: '0.1.0',
    now: () => new Date('2026-02-01T09:00:00.000Z'),
  });
  const event = {
    requestContext: { authorizer: { iam: { userArn: SESSION } } },
    body: JSON.stringify({
      engagement: 'acme-soc2-2026',
      framework: 'soc2-2017',
      window: WINDOW,
      auditorNonce: NONCE,
    }),
    isBase64Encoded: false,
  } as unknown as ApiEvent;
  const res = await createSnapshotHandler(() => deps)(event, { awsRequestId: 'parity' } as Context);
  expect(res.statusCode).toBe(201);
  const key = (JSON.parse(res.body!) as { snapshot: { key: string } }).snapshot.key;
  const obj = await world.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const apiPath = join(dir, 'api.zip');
  writeFileSync(apiPath, await obj.Body!.transformToByteArray());
  apiZip = await readAll(apiPath);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one window evaluation for the CLI and the snapshot API', () => {
  it('archives the same evaluation and samples through `window --snapshot` and POST /snapshots', () => {
    for (const path of ['window/evaluation.json', 'samples.json', 'checkpoint.json', 'manual/index.json'])
      expect([path, parsed(apiZip, path)]).toEqual([path, parsed(cliZip, path)]);
    const evaluation = parsed(apiZip, 'window/evaluation.json');
    // Every assessable requirement, not only those with results; manual halves and the exclusion included.
    const requirements = evaluation.requirements as {
      requirementId: string;
      manual?: unknown;
      excluded?: string;
    }[];
    expect(requirements.length).toBeGreaterThan(evaluation.controls.length);
    expect(requirements.find((r) => r.requirementId === 'A1.2')?.excluded).toBe(EXCLUSIONS[0]!.reason);
    expect(requirements.some((r) => r.manual !== undefined)).toBe(true);
    expect(parsed(apiZip, 'samples.json')).toMatchObject({ auditorNonce: NONCE, operatorChosen: false });
  });

  it('prints what the API archives: control reports, requirements and the drawn periods', () => {
    const evaluation = parsed(apiZip, 'window/evaluation.json');
    expect(cliJson.controls).toEqual(evaluation.controls);
    expect(cliJson.requirements).toEqual(evaluation.requirements);
    expect(cliJson.checkpoint).toEqual(parsed(apiZip, 'checkpoint.json'));
    const archived = parsed(apiZip, 'samples.json') as {
      controls: { controlId: string; periods: number[] }[];
    };
    const periodsOf = new Map(
      (evaluation.controls as { controlId: string; periods: unknown[] }[]).map((c) => [
        c.controlId,
        c.periods,
      ]),
    );
    expect(
      (cliJson.samples as { controlId: string; periods: unknown[] }[]).map((s) => [s.controlId, s.periods]),
    ).toEqual(
      archived.controls.map((s) => [s.controlId, s.periods.map((i) => periodsOf.get(s.controlId)![i])]),
    );
  });
});

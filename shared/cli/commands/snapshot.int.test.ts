import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command, CommanderError } from 'commander';
import { awsTestConfig, motoEndpoint } from '../../../test/harness/aws.js';
import { AUDITORS, BUCKET, TABLE, buildAccessWorld } from '../../access/testing/world.js';
import { registerSnapshot, type SnapshotBackingFactory } from './snapshot.js';

let world: Awaited<ReturnType<typeof buildAccessWorld>>;
let dir: string;

async function cli(
  argv: string[],
  backing?: SnapshotBackingFactory,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = new Command('flux-evidence')
    .option('--json')
    .option('-c, --config <file>', 'config', 'flux.config.json')
    .option('--endpoint <url>', 'the program-level emulator switch (main.ts)')
    .exitOverride();
  registerSnapshot(program, {
    ...(backing ? { backing } : {}),
    out: (s) => (out += s),
    err: (s) => (err += s),
  });
  try {
    await program.parseAsync(['node', 'flux-evidence', ...argv]);
    return { code: 0, out, err };
  } catch (e) {
    if (e instanceof CommanderError) return { code: e.exitCode, out, err };
    throw e;
  }
}
const operator: SnapshotBackingFactory = async () => ({
  service: world.deps,
  caller: { kind: 'operator', principal: 'arn:aws:iam::123456789012:user/ops' },
});
const snapshotKeys = async () =>
  (
    (await world.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'snapshots/' }))).Contents ?? []
  ).map((o) => o.Key!);

beforeAll(async () => {
  world = await buildAccessWorld(awsTestConfig());
  dir = mkdtempSync(join(tmpdir(), 'snap-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('flux-evidence snapshot', () => {
  it('creates, lists and issues a URL with --json', async () => {
    const created = await cli(
      [
        'snapshot',
        'create',
        '--engagement',
        'acme-soc2-2026',
        '--framework',
        'soc2-2017',
        '--from',
        '2026-01-01',
        '--to',
        '2026-01-03',
        '--controls',
        'IAM-11',
        '--json',
      ],
      operator,
    );
    expect(created.code).toBe(0);
    const snap = JSON.parse(created.out);
    expect(snap).toMatchObject({ engagement: 'acme-soc2-2026', artifacts: 3 });
    const listed = await cli(['snapshot', 'list', '--engagement', 'acme-soc2-2026'], operator);
    expect(listed.out).toContain(`${snap.id}  soc2-2017  2026-01-01..2026-01-03`);
    const url = await cli(
      ['snapshot', 'url', snap.id, '--engagement', 'acme-soc2-2026', '--expires-in', '600', '--json'],
      operator,
    );
    const issued = JSON.parse(url.out);
    expect(new URL(issued.url).searchParams.get('X-Amz-Expires')).toBe('600');
    const evidence = await world.store.get(issued.evidence.key, issued.evidence.sha256);
    expect((evidence.envelope.data as { issuances: { principal: string }[] }).issuances[0]!.principal).toBe(
      'arn:aws:iam::123456789012:user/ops',
    );
  });

  it('snapshot access lists the URLs issued for the engagement (ended engagements too), refuses unknown ones', async () => {
    const text = await cli(['snapshot', 'access', '--engagement', 'acme-soc2-2026'], operator);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(
      /URLs issued: 1\n {2}2026-02-01T09:00:00\.000Z {2}arn:aws:iam::123456789012:user\/ops {2}snapshots\/acme-soc2-2026\/.+expires 2026-02-01T09:10:00\.000Z \(600 s\)/,
    );
    expect(text.out).toContain('Downloads: 0 (from 0 S3 server access log objects)');
    const json = JSON.parse(
      (await cli(['snapshot', 'access', '--engagement', 'acme-soc2-2025', '--json'], operator)).out,
    );
    expect(json).toMatchObject({ engagement: 'acme-soc2-2025', issuances: [], downloads: [] });
    const unknown = await cli(['snapshot', 'access', '--engagement', 'nobody-2026'], operator);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no engagement nobody-2026 is configured/);
  });

  it.each([
    [
      [
        'create',
        '--engagement',
        'acme-soc2-2026',
        '--framework',
        'soc2-2017',
        '--from',
        '2026-01-05',
        '--to',
        '2026-01-01',
      ],
      /before window.start/,
    ],
    [
      [
        'create',
        '--engagement',
        'acme-soc2-2026',
        '--framework',
        'pci',
        '--from',
        '2026-01-01',
        '--to',
        '2026-01-02',
      ],
      /framework/,
    ],
    [
      [
        'create',
        '--engagement',
        'acme-soc2-2025',
        '--framework',
        'soc2-2017',
        '--from',
        '2026-01-01',
        '--to',
        '2026-01-02',
      ],
      /engagement-ended/,
    ],
    [
      [
        'create',
        '--engagement',
        'nobody-2026',
        '--framework',
        'soc2-2017',
        '--from',
        '2026-01-01',
        '--to',
        '2026-01-02',
      ],
      /other-engagement/,
    ],
    [
      ['url', '20260201T090000Z-00000000', '--engagement', 'acme-soc2-2026', '--expires-in', '700000'],
      /7 days/,
    ],
    [
      ['url', '20260201T090000Z-00000000', '--engagement', 'acme-soc2-2026', '--expires-in', '1h'],
      /expiresIn/,
    ],
  ])('exits 2 with the issues for %j and creates nothing', async (args, message) => {
    const before = await snapshotKeys();
    const r = await cli(['snapshot', ...args], operator);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(await snapshotKeys()).toEqual(before);
  });

  it('builds its backing from the deployment block of the configuration and --endpoint', async () => {
    const file = join(dir, 'flux.config.json');
    const signingKeyArn = world.signer.keyId;
    // The default backing reads the real clock: an engagement far in the future.
    writeFileSync(
      file,
      JSON.stringify({
        deployment: { region: 'us-east-1', evidenceBucket: BUCKET, ledgerTable: TABLE, signingKeyArn },
        auditors: AUDITORS.map((a) => ({ ...a, endsOn: '2099-12-31' })),
        origin: 'flux-evidence/test',
      }),
    );
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    const r = await cli([
      '-c',
      file,
      'snapshot',
      'list',
      '--engagement',
      'acme-soc2-2026',
      '--endpoint',
      motoEndpoint(),
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).length).toBeGreaterThan(0);
    writeFileSync(file, JSON.stringify({ auditors: AUDITORS }));
    await expect(cli(['-c', file, 'snapshot', 'list', '--engagement', 'acme-soc2-2026'])).rejects.toThrow(
      /work on the deployed platform/,
    );
  });

  it('with the append queue imported, hands the URL issuance to the sequencer instead of writing the log', async () => {
    const sqs = new SQSClient(awsTestConfig());
    const queueUrl = (
      await sqs.send(
        new CreateQueueCommand({ QueueName: 'cli-append.fifo', Attributes: { FifoQueue: 'true' } }),
      )
    ).QueueUrl!;
    const file = join(dir, 'flux.config.json');
    writeFileSync(
      file,
      JSON.stringify({
        deployment: {
          region: 'us-east-1',
          evidenceBucket: BUCKET,
          ledgerTable: TABLE,
          signingKeyArn: world.signer.keyId,
          appendQueueUrl: queueUrl,
        },
        auditors: AUDITORS.map((a) => ({ ...a, endsOn: '2099-12-31' })),
        origin: 'flux-evidence/test',
      }),
    );
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    const global = ['-c', file, '--endpoint', motoEndpoint()];
    const listed = await cli([...global, 'snapshot', 'list', '--engagement', 'acme-soc2-2026', '--json']);
    const id = (JSON.parse(listed.out) as Array<{ id: string }>)[0]!.id;
    const before = await world.ledger.head();
    const url = await cli([...global, 'snapshot', 'url', id, '--engagement', 'acme-soc2-2026', '--json']);
    expect(url.err).toBe('');
    const issued = JSON.parse(url.out) as { evidence: { key: string; sha256: string } };

    // Stored create-only like any evidence, but not in the log until the sequencer appends it.
    expect(await world.ledger.head()).toEqual(before);
    expect(await world.ledger.get(issued.evidence.sha256)).toBeUndefined();
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    expect(Messages.map((m) => JSON.parse(m.Body!) as { sha256: string; key: string })).toEqual([
      expect.objectContaining({ sha256: issued.evidence.sha256, key: issued.evidence.key }),
    ]);
    sqs.destroy();
  });
});

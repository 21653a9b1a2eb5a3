// CLI conventions as gh and the AWS CLI have them: help on stdout, examples, exit codes everywhere, no stack trace
// for an expected failure, tables that fit the terminal, refusals that exit 2 and leave everything as it was.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Command } from 'commander';
import { buildProgram, WORKFLOW_ORDER } from '../../shared/cli/main.js';
import { describeFailure } from '../../shared/cli/common.js';
import { renderTable } from '../../shared/cli/output.js';
import { motoEndpoint } from '../harness/aws.js';
import { runCli } from './cli-harness.js';

let dir: string;
let config: string;
const STACK_LINE = /^\s+at .+\(?.*:\d+:\d+\)?$/m;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-conventions-'));
  config = join(dir, 'flux.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      locker: { path: 'locker' },
      aws: { accounts: { mode: 'list', ids: ['123456789012'] }, regions: ['us-east-1'] },
      frameworks: ['soc2-2017'],
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const allCommands = (c: Command): Command[] => c.commands.flatMap((x) => [x, ...allCommands(x)]);
const helpOf = (c: Command) => {
  let text = '';
  c.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  c.outputHelp();
  return text;
};

describe('help', () => {
  it('prints the help on stdout and exits 0 when run without arguments', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: flux-evidence/);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ /);
    expect(r.stdout).toContain('--endpoint <url>');
  });

  it('lists the commands in workflow order (collect before evaluate before status before window before verify)', async () => {
    const r = await runCli(['--help']);
    const listed = [...r.stdout.split('Commands:')[1]!.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]!);
    const known = listed.filter((c) => WORKFLOW_ORDER.includes(c));
    expect(known).toEqual([...known].sort((a, b) => WORKFLOW_ORDER.indexOf(a) - WORKFLOW_ORDER.indexOf(b)));
    for (const [a, b] of [
      ['collect', 'evaluate'],
      ['evaluate', 'status'],
      ['status', 'window'],
      ['window', 'verify'],
    ] as const)
      expect(listed.indexOf(a)).toBeLessThan(listed.indexOf(b));
  });

  it("lists exit codes in every command's help, subcommands included", () => {
    const commands = allCommands(buildProgram());
    expect(commands.length).toBeGreaterThan(8);
    for (const c of commands) expect(`${c.name()}: ${helpOf(c)}`).toMatch(/Exit codes: 0 /);
  });
});

describe('expected failures', () => {
  it('gives a credentials hint and no stack trace when AWS credentials are missing; --debug shows the trace', async () => {
    writeFileSync(
      join(dir, 'deployed.json'),
      JSON.stringify({
        deployment: {
          region: 'us-east-1',
          evidenceBucket: 'acme-evidence',
          ledgerTable: 'acme-ledger',
          signingKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/x',
        },
      }),
    );
    const env = {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: 'flux-no-such-profile',
      AWS_CONFIG_FILE: join(dir, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
      AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
    };
    const args = ['-c', join(dir, 'deployed.json'), 'snapshot', 'list', '--engagement', 'e1'];
    const plain = await runCli(args, env);
    expect(plain.code).toBe(3);
    expect(plain.stderr).toMatch(/hint: no usable AWS credentials/);
    expect(plain.stderr).toMatch(/--debug/);
    expect(plain.stderr).not.toMatch(STACK_LINE);
    const debug = await runCli(['--debug', ...args], env);
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(STACK_LINE);
  });

  it('keeps a FluxError to its message and adds the hint for a credential error in the cause chain', () => {
    const wrapped = new Error('collection failed', {
      cause: Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    });
    expect(describeFailure(wrapped, false)).toMatch(/^collection failed\nhint: no usable AWS credentials/);
    expect(describeFailure(wrapped, false)).not.toMatch(STACK_LINE);
    expect(describeFailure(wrapped, true)).toMatch(STACK_LINE);
  });

  it('refuses an --endpoint that is not an http(s) URL with exit 2', async () => {
    const r = await runCli(['-c', config, '--endpoint', 'localhost:5000', 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--endpoint: not an http(s) URL: localhost:5000');
  });
});

describe('dates', () => {
  it('calls 0001-01-01 a valid date out of range, and 2026-02-30 no calendar date', async () => {
    const w = (from: string) =>
      runCli(['-c', config, 'window', '--framework', 'soc2-2017', '--from', from, '--to', '2026-03-01']);
    const old = await w('0001-01-01');
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('"0001-01-01" is a valid date but out of range (years 1970 to 9999)');
    const feb = await w('2026-02-30');
    expect(feb.code).toBe(2);
    expect(feb.stderr).toContain('"2026-02-30" is not a calendar date');
    const junk = await w('01/02/2026');
    expect(junk.stderr).toContain('"01/02/2026" is not a YYYY-MM-DD date');
  });

  it('refuses collect --at in the future with exit 2, storing nothing', async () => {
    const before = existsSync(join(dir, 'locker')) ? walk(join(dir, 'locker')) : [];
    const r = await runCli(['-c', config, 'collect', '--at', '2999-01-01T00:00:00Z']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is in the future');
    expect(existsSync(join(dir, 'locker')) ? walk(join(dir, 'locker')) : []).toEqual(before);
  });

  it('labels a past collect --at as a back-fill in the stored evidence', async () => {
    const r = await runCli(
      [
        '-c',
        config,
        'collect',
        '--collector',
        'aws-iam-password-policy',
        '--at',
        '2026-01-15T12:00:00Z',
        '--json',
      ],
      {
        AWS_ENDPOINT_URL: motoEndpoint(),
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: 'us-east-1',
      },
    );
    expect(r.code).toBe(0);
    const texts = walk(join(dir, 'locker')).map((f) => readFileSync(f, 'utf8'));
    expect(
      texts.some((t) => t.includes('backfill: recorded with collect --at 2026-01-15T12:00:00.000Z')),
    ).toBe(true);
  });
});

describe('window --snapshot', () => {
  const args = (file: string, ...more: string[]) => [
    '-c',
    config,
    'window',
    '--framework',
    'soc2-2017',
    '--from',
    '2026-01-01',
    '--to',
    '2026-01-31',
    '--snapshot',
    file,
    ...more,
  ];

  it('refuses a snapshot path in a missing directory with exit 2, writing nothing', async () => {
    const r = await runCli(args(join(dir, 'no-such-dir', 's.zip')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--snapshot: directory .*no-such-dir does not exist/);
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
  });

  it('refuses an existing file unless --force, and leaves it unchanged', async () => {
    const file = join(dir, 'existing.zip');
    writeFileSync(file, 'keep me');
    const r = await runCli(args(file));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists (add --force to replace it)');
    expect(readFileSync(file, 'utf8')).toBe('keep me');

    const forced = await runCli(args(file, '--force'));
    expect(forced.stderr).toBe('');
    expect([0, 1]).toContain(forced.code);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });
});

describe('tables and status', () => {
  it('fits tables to the width, cutting cells with an ellipsis', () => {
    const t = renderTable(
      ['control', 'resource', 'reason'],
      [
        [
          'IAM-01 a long title',
          'arn:aws:s3:::a-very-long-bucket-name/with/a/path',
          'public read through policy',
        ],
      ],
      false,
      50,
    );
    for (const line of t.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(50);
    expect(t).toContain('…');
    const wide = renderTable(['a', 'b'], [['x', 'y']], false, 200);
    expect(wide).not.toContain('…');
  });

  it('shows why controls are UNKNOWN, within COLUMNS', async () => {
    const r = await runCli(['-c', config, 'status'], { COLUMNS: '70', NO_COLOR: '1' });
    expect(r.stdout).toContain('Unknown controls (why the state is not known)');
    expect(r.stdout).toMatch(/IAM-0\d .*\| (not evaluated|.+)/);
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(70);
  });
});

function walk(d: string): string[] {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

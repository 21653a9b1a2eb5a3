import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openLocker } from '../../shared/locker/locker.js';
import { runCli } from './cli-harness.js';

let dir: string;
let config: string;
const NOW = '2026-03-01T10:00:00.000Z';
const env = { FLUX_NOW: NOW, NO_COLOR: '1' };
const cli = (...args: string[]) => runCli(['-c', config, ...args], env);

/** Leaves in the locker's log and files under its manual prefixes: what "nothing stored" is checked against. */
async function stored(): Promise<{ leaves: number; files: string[] }> {
  const locker = await openLocker(join(dir, 'locker'));
  try {
    const files = ['manual-files', 'manual', 'approval', 'exception'].flatMap((p) => {
      try {
        return readdirSync(join(dir, 'locker', p), { recursive: true }).map(String);
      } catch {
        return [];
      }
    });
    return { leaves: (await locker.ledger.head()).treeSize, files };
  } finally {
    locker.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-manual-'));
  config = join(dir, 'flux.config.json');
  writeFileSync(config, JSON.stringify({ locker: { path: 'locker' }, frameworks: ['soc2-2017'] }));
  writeFileSync(join(dir, 'policy.pdf'), '%PDF-1.7 information security policy v3');
  writeFileSync(join(dir, 'empty.pdf'), '');
  writeFileSync(join(dir, 'notes.exe'), 'MZ');
  writeFileSync(join(dir, 'big.pdf'), '');
  truncateSync(join(dir, 'big.pdf'), 100 * 1024 * 1024 + 1);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('flux-evidence evidence / exception / requests', () => {
  it('refuses bad input with exit 2, a specific message, and stores nothing', async () => {
    const base = ['evidence', 'add', '--title', 'Policy', '--owner', 'Alice'];
    const cases: [string[], RegExp][] = [
      [[...base, '--control', 'GOV-01', '--file', join(dir, 'missing.pdf')], /missing\.pdf: no such file/],
      [[...base, '--control', 'GOV-01', '--file', join(dir, 'empty.pdf')], /empty \(0 bytes\)/],
      [[...base, '--control', 'GOV-01', '--file', join(dir, 'big.pdf')], /over the 104857600-byte limit/],
      [[...base, '--control', 'GOV-01', '--file', join(dir, 'notes.exe')], /unsupported type/],
      [
        [...base, '--requirement', 'soc2-2017:CC99.9', '--file', join(dir, 'policy.pdf')],
        /no assessable requirement CC99\.9/,
      ],
      [[...base, '--requirement', 'sox:1', '--file', join(dir, 'policy.pdf')], /unknown framework sox/],
      [
        [...base, '--control', 'XYZ-01', '--file', join(dir, 'policy.pdf')],
        /--control XYZ-01: unknown control/,
      ],
      [
        [...base, '--control', 'GOV-01', '--file', join(dir, 'policy.pdf'), '--valid-until', '2026-02-28'],
        /--valid-until: 2026-02-28 is in the past/,
      ],
      [
        ['evidence', 'add', '--control', 'GOV-01', '--file', join(dir, 'policy.pdf')],
        /required: --title, --owner/,
      ],
      [
        ['evidence', 'approve', 'deadbeefdeadbeef', '--by', 'Bob'],
        /manual evidence not found: deadbeefdeadbeef/,
      ],
      [
        [
          'exception',
          'add',
          '--control',
          'IAM-01',
          '--reason',
          'r',
          '--owner',
          'o',
          '--expires',
          '2026-03-01',
        ],
        /--expires: 2026-03-01 is not in the future/,
      ],
      [
        [
          'exception',
          'add',
          '--control',
          'NOPE-1',
          '--reason',
          'r',
          '--owner',
          'o',
          '--expires',
          '2027-01-01',
        ],
        /unknown control/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
    }
    expect(await stored()).toEqual({ leaves: 0, files: [] });
  });

  it('adds, approves, lists and shows a document; status counts the requirement met only once approved', async () => {
    const add = await cli(
      'evidence',
      'add',
      '--requirement',
      'soc2-2017:PI1.1',
      '--file',
      join(dir, 'policy.pdf'),
      '--title',
      'Processing objectives',
      '--owner',
      'Alice',
      '--valid-until',
      '2026-12-31',
      '--json',
    );
    expect(add.code).toBe(0);
    const logged = JSON.parse(add.stdout) as {
      id: string;
      key: string;
      index: number;
      statement: { key: string; fileSha256: string };
    };
    const fileBytes = readFileSync(join(dir, 'policy.pdf'));
    expect(logged.statement.fileSha256).toBe(createHash('sha256').update(fileBytes).digest('hex'));
    expect(readFileSync(join(dir, 'locker', logged.statement.key))).toEqual(fileBytes);
    const statementBytes = readFileSync(join(dir, 'locker', logged.key));
    expect(createHash('sha256').update(statementBytes).digest('hex')).toBe(logged.id);
    expect(logged.key).toBe(`manual/2026/03/01/${logged.id}.json`);

    const before = JSON.parse((await cli('status', '--json')).stdout) as StatusJson;
    expect(requirement(before, 'PI1.1')).toMatchObject({
      state: 'manual',
      manual: { state: 'missing', pending: 1 },
    });

    const self = await cli('evidence', 'approve', logged.id.slice(0, 12), '--by', 'Alice');
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/another person must approve/);
    const ok = await cli('evidence', 'approve', logged.id.slice(0, 12), '--by', 'Bob');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`approved evidence ${logged.id} by Bob`);

    const after = JSON.parse((await cli('status', '--json')).stdout) as StatusJson;
    expect(requirement(after, 'PI1.1')).toMatchObject({ state: 'met', manual: { state: 'current' } });
    const text = await cli('status');
    expect(text.stdout).toMatch(/Manual evidence: 1 current, 0 expiring, 0 expired, \d+ missing/);

    const expiring = await runCli(['-c', config, 'status', '--json'], {
      ...env,
      FLUX_NOW: '2026-12-15T00:00:00Z',
    });
    expect(requirement(JSON.parse(expiring.stdout) as StatusJson, 'PI1.1')).toMatchObject({
      state: 'met',
      manual: { state: 'expiring' },
    });
    const expired = await runCli(['-c', config, 'status', '--json'], {
      ...env,
      FLUX_NOW: '2027-01-01T00:00:00Z',
    });
    expect(requirement(JSON.parse(expired.stdout) as StatusJson, 'PI1.1')).toMatchObject({
      state: 'manual',
      manual: { state: 'expired' },
    });

    const list = await cli('evidence', 'list');
    expect(list.stdout).toContain('Processing objectives');
    expect(list.stdout).toContain('Bob');
    const show = await cli('evidence', 'show', logged.id.slice(0, 10));
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/verified/);
    expect(show.stdout).toMatch(/approved by Bob at 2026-03-01T10:00:00.000Z/);
  });

  it('refuses to show a document whose stored file was altered', async () => {
    const list = JSON.parse((await cli('evidence', 'list', '--json')).stdout) as {
      documents: { id: string; statement: { key: string } }[];
    };
    const path = join(dir, 'locker', list.documents[0]!.statement.key);
    chmodSync(path, 0o644);
    writeFileSync(path, '%PDF-1.7 quietly edited policy');
    const show = await cli('evidence', 'show', list.documents[0]!.id);
    expect(show.code).toBe(3);
    expect(show.stderr).toMatch(/does not hash to the logged value/);
  });

  it('logs an exception and lists the PBC requests as a table and as CSV', async () => {
    const ex = await cli(
      'exception',
      'add',
      '--control',
      'IAM-01',
      '--resource',
      'arn:aws:iam::123456789012:user/ci',
      '--reason',
      'Legacy CI user until migration',
      '--owner',
      'Carol',
      '--expires',
      '2026-06-30',
    );
    expect(ex.code).toBe(0);
    expect(ex.stdout).toMatch(/IAM-01 arn:aws:iam::123456789012:user\/ci accepted by Carol until 2026-06-30/);
    expect((await stored()).leaves).toBe(3);

    const csv = await cli('requests', '--framework', 'soc2-2017', '--csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('requirement,title,evidence needed,controls,state,valid until,pending approval');
    expect(lines.some((l) => l.startsWith('soc2-2017:PI1.2,'))).toBe(true);
    expect(lines.some((l) => l.startsWith('soc2-2017:PI1.1,'))).toBe(false);
    expect(lines.find((l) => l.startsWith('soc2-2017:CC1.1,'))).toMatch(/GOV-06: .*,GOV-06,missing,,0$/);
    const all = await cli('requests', '--framework', 'soc2-2017', '--all', '--json');
    const rows = (JSON.parse(all.stdout) as { requests: { requirement: string; state: string }[] }).requests;
    expect(rows.find((r) => r.requirement === 'soc2-2017:PI1.1')).toMatchObject({ state: 'current' });
    expect((await cli('requests', '--framework', 'nope')).code).toBe(2);
  });
});

describe('flux-evidence window with manual evidence', () => {
  interface WindowJson {
    requirements: {
      requirementId: string;
      status: string;
      manual?: { state: string; document?: { approvedBy: string[] } };
    }[];
    acceptedExceptions: { controlId: string; owner: string; reason: string; expires: string }[];
  }
  const window = async (from: string, to: string) => {
    const r = await cli('window', '--framework', 'soc2-2017', '--from', from, '--to', to, '--json');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as WindowJson;
  };

  it('judges the manual half at the window end and lists accepted exceptions with owner, reason and expiry', async () => {
    const march = await window('2026-03-01', '2026-03-31');
    expect(march.requirements.find((r) => r.requirementId === 'PI1.1')).toMatchObject({
      status: 'effective',
      manual: { state: 'current', document: { approvedBy: ['Bob'] } },
    });
    expect(march.requirements.find((r) => r.requirementId === 'PI1.2')).toMatchObject({
      status: 'manual',
      manual: { state: 'missing' },
    });
    expect(march.acceptedExceptions).toEqual([
      expect.objectContaining({
        controlId: 'IAM-01',
        owner: 'Carol',
        reason: 'Legacy CI user until migration',
        expires: '2026-06-30',
      }),
    ]);
    const text = await cli(
      'window',
      '--framework',
      'soc2-2017',
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-31',
    );
    expect(text.stdout).toMatch(/Accepted exceptions \(risk acceptances; verdicts unchanged\)/);

    const next = await window('2026-12-01', '2027-01-31');
    expect(next.requirements.find((r) => r.requirementId === 'PI1.1')).toMatchObject({
      status: 'manual',
      manual: { state: 'expired' },
    });
    expect(next.acceptedExceptions).toEqual([]);
  });
});

interface StatusJson {
  frameworks: { requirements: { id: string; state: string; manual?: { state: string } }[] }[];
}
const requirement = (s: StatusJson, id: string) => s.frameworks[0]!.requirements.find((r) => r.id === id);

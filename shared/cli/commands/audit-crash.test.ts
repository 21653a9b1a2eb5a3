import { spawn } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { AuditProblem } from '../../ledger/log-audit.js';
import { memoryIo } from '../output.js';
import { runAudit } from './audit.js';
import { runCollect } from './collect.js';

// A writer process (test/fixtures/crash-writer.ts: the collectors' store-then-append path, 4 MiB artifacts in a
// loop) is killed with SIGKILL while a temporary file is being written. The kill can still land after the append
// (then nothing is wrong); such an attempt is retried, at most ATTEMPTS times.
const ATTEMPTS = 6;
const WRITER = join(process.cwd(), 'test/fixtures/crash-writer.ts');

async function killMidWrite(root: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, root], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<NodeJS.Signals | null>((res) => child.once('exit', (_c, s) => res(s)));
  let out = '';
  let errText = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (errText += d.toString()));
  const dir = join(root, 'evidence/crash-writer/2026/03/01');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (out.includes('appended 1\n')) {
      const names = await readdir(dir).catch(() => [] as string[]);
      if (names.some((n) => n.endsWith('.tmp'))) break;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(errText).toBe('');
}

describe('audit after a writer is killed mid-write', () => {
  it('exits 1 naming the leftover temporary file or orphan; the next collect repairs it and audit exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flux-audit-crash-'));
    let problems: AuditProblem[] = [];
    let input;
    for (let attempt = 0; attempt < ATTEMPTS && problems.length === 0; attempt++) {
      const root = join(dir, `locker-${attempt}`);
      const configPath = join(dir, `flux-${attempt}.config.json`);
      await writeFile(configPath, JSON.stringify({ locker: { path: root } }));
      input = { configPath, explicitConfig: true, json: true };
      await killMidWrite(root);
      const io = memoryIo();
      const code = await runAudit(input, io);
      problems = (JSON.parse(io.stdout()) as { problems: AuditProblem[] }).problems;
      expect(code).toBe(problems.length ? 1 : 0);
    }
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(['temporary-file', 'orphan-artifact']).toContain(p.kind);

    expect(await runCollect(input!, { collectors: ['access-reconciliation'] }, memoryIo())).toBe(0);
    const io = memoryIo();
    expect(await runAudit(input!, io)).toBe(0);
    expect(JSON.parse(io.stdout())).toMatchObject({ clean: true, problems: [] });
  }, 120_000);
});

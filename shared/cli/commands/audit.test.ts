import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { sealEnvelope } from '../../evidence/artifact.js';
import { ENVELOPE_SCHEMA } from '../../evidence/envelope.js';
import type { AuditProblem } from '../../ledger/log-audit.js';
import { LocalSigner } from '../../ledger/signer.js';
import { coverageStatement } from '../../ledger/coverage.js';
import { encodeStatement } from '../../ledger/leaf.js';
import { statementKey } from '../../manual/files.js';
import { LocalBlobStore } from '../../manual/blob-store.js';
import { openLocker } from '../../locker/locker.js';
import { CliExit, type CommandInput } from '../common.js';
import { memoryIo } from '../output.js';
import { runAudit } from './audit.js';
import { runCollect } from './collect.js';

// Every locker here is written by the real `collect` path (the derived access-reconciliation collector needs no
// AWS); problems are planted the way a crash or an intruder would leave them.

interface Audit {
  code: number;
  json: { clean: boolean; treeSize: number; problems: AuditProblem[] };
  text: string;
}

async function newLocker(): Promise<{ root: string; input: CommandInput }> {
  const dir = await mkdtemp(join(tmpdir(), 'flux-audit-'));
  const root = join(dir, 'locker');
  const configPath = join(dir, 'flux.config.json');
  await writeFile(configPath, JSON.stringify({ locker: { path: root } }));
  return { root, input: { configPath, explicitConfig: true, json: false } };
}

async function collect(input: CommandInput): Promise<string> {
  const io = memoryIo();
  expect(await runCollect(input, { collectors: ['access-reconciliation'] }, io)).toBe(0);
  return io.stdout();
}

async function audit(input: CommandInput): Promise<Audit> {
  const j = memoryIo();
  const code = await runAudit({ ...input, json: true }, j);
  const t = memoryIo();
  expect(await runAudit(input, t)).toBe(code);
  return { code, json: JSON.parse(j.stdout()) as Audit['json'], text: t.stdout() };
}

/** Stores an artifact create-only without appending it: the state a run killed between the two steps leaves. */
async function plantOrphan(root: string, at = new Date().toISOString()): Promise<string> {
  const locker = await openLocker(root);
  try {
    const stored = await locker.store.put(
      sealEnvelope({
        schema: ENVELOPE_SCHEMA,
        collector: 'aws-iam-password-policy',
        collectorVersion: '1.0.0',
        scope: { account: '123456789012', region: 'global' },
        observedAt: at,
        collectedAt: at,
        provenance: { identity: 'arn:aws:iam::123456789012:user/test', operations: [], complete: true },
        data: { planted: true },
        errors: [],
      }),
    );
    return stored.key;
  } finally {
    locker.close();
  }
}

describe('flux-evidence audit', () => {
  it('is clean after normal collect runs', async () => {
    const { input } = await newLocker();
    await collect(input);
    await collect({ ...input });
    const a = await audit(input);
    expect(a.code).toBe(0);
    // Each run: its artifact (or re-observation) and its coverage attestation.
    expect(a.json).toMatchObject({ clean: true, treeSize: 4, checkpoints: 2, problems: [] });
    expect(a.text).toMatch(/clean: every object is logged/);
  });

  it('exits 1 naming a planted orphan; the next collect appends it and audit is clean again', async () => {
    const { root, input } = await newLocker();
    await collect(input);
    const key = await plantOrphan(root);
    const a = await audit(input);
    expect(a.code).toBe(1);
    expect(a.json.problems).toEqual([expect.objectContaining({ kind: 'orphan-artifact', key })]);
    expect(a.text).toContain(`orphan-artifact: ${key} is stored but has no log entry`);
    expect(await collect(input)).toContain(`recovered ${key}`);
    const after = await audit(input);
    expect(after.code).toBe(0);
    // artifact + coverage, then the recovered orphan, a re-observation and the second coverage leaf.
    expect(after.json.treeSize).toBe(5);
  });

  it('recovers only orphans collected within a day of the last logged artifact; audit keeps naming older ones', async () => {
    const { root, input } = await newLocker();
    await collect(input);
    const old = await plantOrphan(root, new Date(Date.now() - 2 * 86_400_000).toISOString());
    const out = await collect(input);
    expect(out).not.toContain('recovered');
    const a = await audit(input);
    expect(a.code).toBe(1);
    expect(a.json.problems).toEqual([expect.objectContaining({ kind: 'orphan-artifact', key: old })]);
  });

  it('exits 1 when an index was removed from the SQLite log, and both checkpoints fail (neither extends to the head without it)', async () => {
    const { root, input } = await newLocker();
    await collect(input);
    await plantOrphan(root);
    await collect(input); // appends the orphan, a new reconciliation and coverage: indexes 0..4 (1 is coverage)
    const db = new Database(join(root, 'ledger.db'));
    db.prepare('DELETE FROM ledger_entries WHERE idx = 1').run();
    db.close();
    const a = await audit(input);
    expect(a.code).toBe(1);
    expect(a.json.problems).toContainEqual(expect.objectContaining({ kind: 'index-gap', index: 1 }));
    expect(a.text).toMatch(/index-gap: log index 1 is missing/);
    expect(a.json.problems.filter((p) => p.kind === 'checkpoint')).toHaveLength(2);
  });

  it('exits 1 naming a logged object that was deleted or rewritten', async () => {
    const { root, input } = await newLocker();
    await collect(input);
    const key = await plantOrphan(root);
    await collect(input);
    await rm(join(root, key));
    const a = await audit(input);
    expect(a.code).toBe(1);
    expect(a.json.problems).toEqual([expect.objectContaining({ kind: 'missing-object', key, index: 2 })]);
    await writeFile(join(root, key), '{"rewritten":true}');
    const b = await audit(input);
    expect(b.json.problems).toEqual([expect.objectContaining({ kind: 'missing-object', key, index: 2 })]);
    expect(b.json.problems[0]!.detail).toMatch(/does not hash to the expected artifact/);
  });

  it('exits 1 for a checkpoint signed with another key, and for one whose signed body was altered', async () => {
    const { root, input } = await newLocker();
    await collect(input);
    const locker = await openLocker(root);
    await locker.ledger.checkpoint(LocalSigner.generate(), new Date(Date.now() + 1000));
    locker.close();
    const a = await audit(input);
    expect(a.code).toBe(1);
    expect(a.json.problems).toEqual([expect.objectContaining({ kind: 'checkpoint' })]);
    expect(a.json.problems[0]!.message).toMatch(/does not verify/);

    const other = await newLocker();
    await collect(other.input);
    const db = new Database(join(other.root, 'ledger.db'));
    const row = db.prepare('SELECT body FROM ledger_checkpoints').get() as { body: string };
    const forged = row.body.replace(/"rootHash":"[0-9a-f]{64}"/, `"rootHash":"${'0'.repeat(64)}"`);
    db.prepare('UPDATE ledger_checkpoints SET body = ?').run(forged);
    db.close();
    const b = await audit(other.input);
    expect(b.code).toBe(1);
    expect(b.json.problems).toEqual([expect.objectContaining({ kind: 'checkpoint' })]);
  });

  it('checks statement leaves outside evidence/: a deleted coverage statement, an unlogged statement, a manual file', async () => {
    const { root, input } = await newLocker();
    await collect(input);
    const [coverageFile] = await readdir(join(root, 'coverage'), { recursive: true }).then((fs) =>
      fs.filter((f) => f.endsWith('.json')),
    );
    const coverageKey = `coverage/${coverageFile!}`;
    // A statement stored but never appended (a crash between the two writes), and an uploaded file no statement names.
    const blobs = new LocalBlobStore(root);
    const planted = encodeStatement(
      coverageStatement({
        runId: 'never-logged',
        plannedAt: new Date().toISOString(),
        completedAt: new Date().toISOString(),
        planned: [],
        reports: new Map(),
        faults: new Map(),
      }),
    );
    const plantedKey = statementKey('coverage', new Date().toISOString(), planted.sha256);
    await blobs.put(plantedKey, planted.bytes);
    await blobs.put(`manual-files/${'a'.repeat(64)}.txt`, Buffer.from('policy'));
    await rm(join(root, coverageKey));
    const a = await audit(input);
    expect(a.code).toBe(1);
    expect(a.json.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'missing-object', key: coverageKey, index: 1 }),
        expect.objectContaining({ kind: 'orphan-statement', key: plantedKey }),
        expect.objectContaining({ kind: 'orphan-file', key: `manual-files/${'a'.repeat(64)}.txt` }),
      ]),
    );
    expect(a.json.problems).toHaveLength(3);
  });

  it('exits 2 for an invalid configuration, before touching anything', async () => {
    const { input } = await newLocker();
    await writeFile(input.configPath, '{"locker": {"path": ""}}');
    const io = memoryIo();
    await expect(runAudit(input, io)).rejects.toEqual(expect.objectContaining({ code: 2 }));
    await expect(runAudit(input, io)).rejects.toBeInstanceOf(CliExit);
    expect(io.stderr()).toMatch(/is invalid/);
  });
});

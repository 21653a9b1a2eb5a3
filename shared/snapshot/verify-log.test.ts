import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { encodeStatement } from '../ledger/leaf.js';
import type { LedgerEntry, SignedCheckpoint } from '../ledger/types.js';
import { artifactKey } from '../store/types.js';
import { sampleSeed } from '../window/sample.js';
import { buildSnapshotToFile } from './builder.js';
import { EXCLUDED_NOT_CITED, POPULATION_PATH, type LogPopulation } from './log-population.js';
import { MemoryLedger } from './testing/memory.js';
import { buildScenario, type Scenario } from './testing/scenario.js';
import { readAll, resign, writeAll } from './testing/zip-tools.js';
import { verifySnapshot } from './verify.js';

// The log-level promises of a snapshot: the population list recomputes both roots, a kept checkpoint catches a
// history rewrite made with the real key, and the samples are recomputed from the checkpoint and the auditor's nonce.
let dir: string;
let s: Scenario;
let first: string;
let kept: SignedCheckpoint;
let n = 0;
const failed = (r: { checks: readonly { name: string; ok: boolean }[] }) =>
  r.checks.filter((c) => !c.ok).map((c) => c.name);
const detail = (r: { checks: readonly { name: string; detail: string }[] }, name: string) =>
  r.checks.find((c) => c.name === name)?.detail ?? '';
const snap = async (sc: Scenario, extra: object = {}) => {
  const path = join(dir, `s${n++}.zip`);
  await buildSnapshotToFile({ ...sc.request, ...extra }, sc.deps, path);
  return path;
};
const record = (i: number) => ({
  sha256: i.toString(16).padStart(64, 'e'),
  key: `evidence/x/${i}`,
  collector: 'aws-s3-buckets',
  scope: 'account=123456789012',
  observedAt: '2026-01-09T00:00:00.000Z',
  collectedAt: '2026-01-09T00:00:00.000Z',
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snap-log-'));
  s = await buildScenario(7, 1);
  first = await snap(s);
  kept = JSON.parse((await readAll(first)).get('checkpoint.json')!.toString()) as SignedCheckpoint;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('snapshot log population', () => {
  it('lists every leaf between the checkpoints, and verify recomputes both roots from it', async () => {
    const files = await readAll(first);
    const pop = JSON.parse(files.get(POPULATION_PATH)!.toString()) as LogPopulation;
    expect(pop.fromTreeSize).toBe(3);
    expect(pop.toTreeSize).toBe(16);
    expect(pop.leaves.map((l) => l.index)).toEqual([...Array(13).keys()].map((i) => i + 3));
    expect(pop.leaves.every((l) => l.kind === 'artifact' && l.status === 'included')).toBe(true);
    const r = await verifySnapshot(first);
    expect(failed(r)).toEqual([]);
    expect(r.population).toEqual({ leaves: 13, included: 13, byKind: { artifact: 13 }, excluded: {} });
    expect(files.get('index.html')!.toString()).toMatch(/<td>in the window<\/td><td>13<\/td>/);
  });

  it('marks leaves the snapshot leaves out as excluded with a reason, and counts them', async () => {
    const path = await snap(s, { controls: ['IAM-01'] });
    const r = await verifySnapshot(path);
    expect(failed(r)).toEqual([]);
    expect(r.population).toMatchObject({ leaves: 13, included: 7, excluded: { [EXCLUDED_NOT_CITED]: 6 } });
    const html = (await readAll(path)).get('index.html')!.toString();
    expect(html).toContain(`<td>excluded: ${EXCLUDED_NOT_CITED}</td><td>6</td>`);
  });

  it('fails when a leaf is dropped from the list, even in a manifest the key holder re-signed', async () => {
    const f = await readAll(first);
    const pop = JSON.parse(f.get(POPULATION_PATH)!.toString()) as LogPopulation;
    f.set(
      POPULATION_PATH,
      Buffer.from(JSON.stringify({ ...pop, leaves: pop.leaves.filter((l) => l.index !== 7) })),
    );
    await resign(f, s.deps.signer);
    const path = join(dir, 'dropped.zip');
    await writeAll(path, f);
    const r = await verifySnapshot(path);
    expect(failed(r)).toEqual(['population']);
    expect(detail(r, 'population')).toContain('do not recompute the closing checkpoint root');
  });

  it('classifies statement leaves by kind and recomputes their leaf hash from the archived statement', async () => {
    const sc = await buildScenario(3, 1);
    const { bytes, sha256 } = encodeStatement({
      leaf: 'flux.leaf/v1',
      kind: 'observation',
      collector: 'aws-iam-credential-report',
      scope: 'account=123456789012,region=us-east-1',
      artifactSha256: sc.request.results[0]!.artifacts[0]!,
      observedAt: '2026-01-03T12:00:00.000Z',
      collectedAt: '2026-01-03T12:00:00.000Z',
      runId: 'run-1',
    });
    const key = artifactKey('aws-iam-credential-report', '2026-01-03T12:00:00.000Z', sha256);
    sc.deps.store.objects.set(key, bytes);
    await sc.deps.ledger.appendStatement(
      { ...record(0), sha256, key, collector: 'aws-iam-credential-report', kind: 'observation' },
      bytes,
    );
    await sc.deps.ledger.checkpoint(sc.deps.signer, new Date('2026-01-20T00:00:00.000Z'));
    const path = await snap(sc);
    const r = await verifySnapshot(path);
    expect(failed(r)).toEqual([]);
    expect(r.population?.byKind).toEqual({ artifact: 6, observation: 1 });
    const f = await readAll(path);
    f.set(`leaves/${sha256}.json`, Buffer.from(bytes.toString().replace('run-1', 'run-2')));
    await resign(f, sc.deps.signer);
    const bad = join(dir, 'statement.zip');
    await writeAll(bad, f);
    expect(detail(await verifySnapshot(bad), 'population')).toContain('missing or altered');
  });
});

describe('verify --since (a checkpoint the auditor kept)', () => {
  it('accepts a later snapshot whose log extends the kept checkpoint', async () => {
    const sc = await buildScenario(7, 1);
    const keptHere = JSON.parse(
      (await readAll(await snap(sc))).get('checkpoint.json')!.toString(),
    ) as unknown;
    for (let i = 0; i < 5; i++) await sc.deps.ledger.append(record(i));
    await sc.deps.ledger.checkpoint(sc.deps.signer, new Date('2026-01-10T00:00:00.000Z'));
    const later = await snap(sc, { sinceTreeSize: 16 });
    const r = await verifySnapshot(later, { since: keptHere });
    expect(failed(r)).toEqual([]);
    expect(detail(r, 'since-checkpoint')).toContain('from your checkpoint (tree size 16) to 21');
  });

  it('catches a history rewritten with the real key between two snapshots', async () => {
    // Rebuild the log from leaf 5 with the same artifacts reordered plus one more, sign with the real key, snapshot.
    const forged = new MemoryLedger();
    const entries: LedgerEntry[] = [];
    for await (const e of s.deps.ledger.entries(0, 16)) entries.push(e);
    const strip = ({ index: _i, storedAt: _s, ...rec }: LedgerEntry) => rec;
    for (const e of entries.slice(0, 3)) await forged.append(strip(e));
    await forged.checkpoint(s.deps.signer, new Date('2025-12-31T23:00:00.000Z'));
    for (const e of entries.slice(3, 5)) await forged.append(strip(e));
    for (const e of entries.slice(5).reverse()) await forged.append(strip(e));
    await forged.append(record(99));
    await forged.checkpoint(s.deps.signer, new Date('2026-01-10T00:00:00.000Z'));
    const rewritten = await snap({ ...s, deps: { ...s.deps, ledger: forged } }, { sinceTreeSize: 16 });

    const alone = await verifySnapshot(rewritten);
    expect(failed(alone)).toEqual([]); // on its own the rewritten log is consistent
    const r = await verifySnapshot(rewritten, { since: kept });
    expect(failed(r)).toEqual(['since-checkpoint']);
    expect(detail(r, 'since-checkpoint')).toContain(
      'not an append-only extension of your checkpoint (tree size 16)',
    );
    const none = await verifySnapshot(await snap({ ...s, deps: { ...s.deps, ledger: forged } }), {
      since: kept,
    });
    expect(detail(none, 'since-checkpoint')).toContain('--since-size 16');
  });

  it('uses the proof of a checkpoint the snapshot already carries (its start or a window checkpoint)', async () => {
    const sc = await buildScenario(7, 1);
    const startKept = JSON.parse(
      (await readAll(await snap(sc))).get('start-checkpoint.json')!.toString(),
    ) as unknown;
    const keptHere = JSON.parse(
      (await readAll(await snap(sc))).get('checkpoint.json')!.toString(),
    ) as unknown;
    await sc.deps.ledger.append(record(1));
    await sc.deps.ledger.checkpoint(sc.deps.signer, new Date('2026-01-11T00:00:00.000Z'));
    const later = await snap(sc);
    expect(failed(await verifySnapshot(later, { since: startKept }))).toEqual([]);
    const r = await verifySnapshot(later, { since: keptHere });
    expect(failed(r)).toEqual([]);
    expect(detail(r, 'since-checkpoint')).toContain('from your checkpoint (tree size 16) to 17');
  });

  it('refuses a kept checkpoint signed by another key or from another log', async () => {
    const r = await verifySnapshot(first, {
      since: { ...kept, signature: kept.signature.replace(/^.{8}/, 'AAAAAAAA') },
    });
    expect(failed(r)).toEqual(['since-checkpoint']);
  });
});

describe('snapshot samples', () => {
  const nonce = 'auditor-2026-q1-7f3a9c';
  it('records the auditor nonce, and verify recomputes the samples from it and the closing checkpoint', async () => {
    const path = await snap(s, { auditorNonce: nonce });
    const samples = JSON.parse((await readAll(path)).get('samples.json')!.toString());
    expect(samples.auditorNonce).toBe(nonce);
    expect(samples.seed).toBe(sampleSeed(kept, nonce));
    expect(samples.controls[0].periods).toHaveLength(7);
    const r = await verifySnapshot(path, { auditorNonce: nonce });
    expect(failed(r)).toEqual([]);
    expect(r.samplesOperatorChosen).toBe(false);
    expect(detail(await verifySnapshot(path, { auditorNonce: 'another-nonce-000000' }), 'samples')).toContain(
      'not yours',
    );
  });

  it('says the samples are operator-chosen without a nonce', async () => {
    const r = await verifySnapshot(first);
    expect(r.samplesOperatorChosen).toBe(true);
    expect(detail(r, 'samples')).toContain('operator-chosen');
    expect((await readAll(first)).get('index.html')!.toString()).toContain('the samples are operator-chosen');
  });

  it('fails when the recorded samples are not the ones the seed draws', async () => {
    const sc = await buildScenario(30, 1);
    const f = await readAll(await snap(sc, { auditorNonce: nonce }));
    const samples = JSON.parse(f.get('samples.json')!.toString());
    samples.controls[1].periods = samples.controls[1].periods.map((p: number) => (p + 1) % 30).sort();
    f.set('samples.json', Buffer.from(JSON.stringify(samples)));
    await resign(f, sc.deps.signer);
    const path = join(dir, 'steered.zip');
    await writeAll(path, f);
    expect(detail(await verifySnapshot(path), 'samples')).toContain('not the ones the seed draws');
  });
});

describe('checkpoints signed during the window', () => {
  it('are all carried, oldest first, each consistent with the closing checkpoint', async () => {
    const sc = await buildScenario(7, 1);
    const signed: string[] = [];
    for (let d = 0; d < 3; d++) {
      await sc.deps.ledger.append(record(d));
      signed.push(
        (await sc.deps.ledger.checkpoint(sc.deps.signer, new Date(`2026-01-1${d}T00:00:00.000Z`))).signature,
      );
    }
    const path = await snap(sc);
    const list = JSON.parse((await readAll(path)).get('checkpoints/window.json')!.toString()) as {
      signed: SignedCheckpoint;
    }[];
    // the checkpoint after day 7 from the scenario, then the first two of ours; the third closes the window
    expect(list.map((c) => c.signed.checkpoint.treeSize)).toEqual([16, 17, 18]);
    expect(list.slice(1).map((c) => c.signed.signature)).toEqual(signed.slice(0, 2));
    const r = await verifySnapshot(path);
    expect(failed(r)).toEqual([]);
    expect(detail(r, 'window-checkpoints')).toContain('3 checkpoints signed during the window');
  });

  it('fail when one is not a prefix of the closing checkpoint, even re-signed by the key holder', async () => {
    const sc = await buildScenario(7, 1);
    await sc.deps.ledger.append(record(1));
    await sc.deps.ledger.checkpoint(sc.deps.signer, new Date('2026-01-11T00:00:00.000Z'));
    const f = await readAll(await snap(sc));
    const list = JSON.parse(f.get('checkpoints/window.json')!.toString()) as { proof: string[] }[];
    list[0]!.proof = list[0]!.proof.map(() => 'ab'.repeat(32));
    f.set('checkpoints/window.json', Buffer.from(JSON.stringify(list)));
    await resign(f, sc.deps.signer);
    const path = join(dir, 'window-cp.zip');
    await writeAll(path, f);
    expect(failed(await verifySnapshot(path))).toEqual(['window-checkpoints']);
  });
});

import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadControls, loadFrameworks } from '../../frameworks/index.js';
import { sha256Hex } from '../evidence/canonical.js';
import { decodeLeaf } from '../ledger/leaf.js';
import { leafHash } from '../ledger/merkle.js';
import { openLocker } from '../locker/locker.js';
import { LedgerEvidenceLoader } from '../cli/ledger-loader.js';
import { LocalBlobStore } from '../manual/blob-store.js';
import type { ControlResult } from '../mapping/types.js';
import { buildSnapshotToFile } from '../snapshot/builder.js';
import type { LogPopulation } from '../snapshot/log-population.js';
import { readAll } from '../snapshot/testing/zip-tools.js';
import { verifySnapshot } from '../snapshot/verify.js';
import { evaluateWindows } from '../window/evaluate.js';
import { runCollector, type RunDeps } from './runner.js';
import { defineCollector } from './types.js';

const unchanging = defineCollector({
  meta: {
    id: 'github-branch-protection',
    version: '1.0.0',
    title: 'Branch protection',
    source: 'github',
    scope: 'org',
    schedule: 'rate(1 day)',
    ttlHours: 48,
    permissions: [],
  },
  schema: z.object({ protected: z.boolean() }),
  collect: () => Promise.resolve({ data: { protected: true } }),
});
const scope = { org: 'acme' };

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('re-observations in the log', () => {
  it('appends an observation leaf for an unchanged source, and a snapshot citing the period verifies with it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flux-obs-'));
    dirs.push(dir);
    // The local locker: a real SQLite log, evidence directory and statement store (the demo's backend).
    const locker = await openLocker(dir, { origin: 'flux-evidence/test-observations' });
    const { store, ledger, index, signer } = locker;
    const blobs = new LocalBlobStore(dir);
    const deps = (at: string): RunDeps => ({
      store,
      ledger,
      index,
      statements: blobs,
      runId: `run-${at.slice(0, 10)}`,
      connection: {},
      now: () => new Date(at),
    });
    await ledger.checkpoint(signer, new Date('2026-02-28T23:00:00.000Z'));

    const first = await runCollector(unchanging, scope, deps('2026-03-01T06:00:00.000Z'));
    const second = await runCollector(unchanging, scope, deps('2026-03-02T06:00:00.000Z'));
    expect(first).toMatchObject({ outcome: 'stored', ledgerIndex: 0 });
    expect(first.observation).toBeUndefined();
    expect(second).toMatchObject({ outcome: 'unchanged', sha256: first.sha256, key: first.key });

    // The observation: stored create-only, logged as a statement leaf naming the unchanged artifact.
    const obs = second.observation!;
    expect(obs).toMatchObject({ ledgerIndex: 1, key: `observation/2026/03/02/${obs.sha256}.json` });
    expect(obs.statement).toEqual({
      leaf: 'flux.leaf/v1',
      kind: 'observation',
      collector: 'github-branch-protection',
      scope: 'org=acme',
      artifactSha256: first.sha256,
      observedAt: '2026-03-02T06:00:00.000Z',
      collectedAt: '2026-03-02T06:00:00.000Z',
      runId: 'run-2026-03-02',
    });
    const bytes = await blobs.get(obs.key, obs.sha256);
    expect(sha256Hex(bytes)).toBe(obs.sha256);
    expect(decodeLeaf(bytes)).toEqual(obs.statement);
    const entry = await ledger.entryAt(1);
    expect(entry).toMatchObject({
      sha256: obs.sha256,
      key: obs.key,
      collector: 'github-branch-protection',
      scope: 'org=acme',
      leafHash: leafHash(bytes).toString('hex'),
    });
    // The content index stays a cache: it still points at the artifact, confirmed at the re-observation.
    expect(await index.latest('github-branch-protection', 'org=acme')).toMatchObject({
      sha256: first.sha256,
      confirmedAt: '2026-03-02T06:00:00.000Z',
    });
    // The mapper's input: the re-observation counts, and names the statement that proves it.
    const [input] = await new LedgerEvidenceLoader(locker).latest('github-branch-protection');
    expect(input).toMatchObject({
      sha256: first.sha256,
      confirmedAt: '2026-03-02T06:00:00.000Z',
      observation: obs.sha256,
    });
    // A third unchanged run is its own leaf (a new run and time), never a duplicate of the second.
    const third = await runCollector(unchanging, scope, deps('2026-03-03T06:00:00.000Z'));
    expect(third.observation?.ledgerIndex).toBe(2);
    expect(third.observation?.sha256).not.toBe(obs.sha256);

    await ledger.checkpoint(signer, new Date('2026-03-04T01:00:00.000Z'));
    const results: ControlResult[] = [first, second, third].map((r) => ({
      controlId: 'SDLC-01',
      status: 'PASS',
      reason: 'branch protected',
      failing: [],
      ruleVersions: { 'branch-protection': '1.0.0' },
      mappingVersion: '1.0.0',
      artifacts: [first.sha256],
      observedAt: r.envelope.observedAt,
      evaluatedAt: r.envelope.collectedAt,
    }));
    const window = { start: '2026-03-01', end: '2026-03-03' };
    const controls = [{ id: 'SDLC-01', frequency: 'daily' as const, collector: unchanging.meta.id }];
    const reports = evaluateWindows(window, controls, () => results);
    const framework = loadFrameworks().find((f) => f.id === 'soc2-2017')!;
    const zip = join(dir, 'snapshot.zip');
    await buildSnapshotToFile(
      {
        framework: 'soc2-2017',
        window,
        results,
        evaluation: { controls: reports, requirements: [] },
        toolVersion: '0.1.0',
      },
      {
        store,
        ledger,
        signer,
        now: () => new Date('2026-03-05T00:00:00.000Z'),
        manual: { blobs, ledger, framework, controls: loadControls() },
      },
      zip,
    );
    const verified = await verifySnapshot(zip, { pinnedKey: await signer.publicKeyPem() });
    expect(verified.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verified).toMatchObject({ ok: true, origin: 'pinned' });
    expect(verified.population?.byKind).toMatchObject({ artifact: 1, observation: 2 });

    const files = await readAll(zip);
    const population = JSON.parse(files.get('log/population.json')!.toString()) as LogPopulation;
    expect(population.leaves.map((l) => l.kind)).toEqual(['artifact', 'observation', 'observation']);
    expect(files.get(`leaves/${obs.sha256}.json`)).toEqual(bytes);
    // The deployed snapshot service archives no manual evidence, but reads observation statements all the same.
    const deployed = join(dir, 'deployed.zip');
    await buildSnapshotToFile(
      {
        framework: 'soc2-2017',
        window,
        results,
        evaluation: { controls: reports, requirements: [] },
        toolVersion: '0.1.0',
      },
      { store, ledger, signer, now: () => new Date('2026-03-05T00:00:00.000Z'), statements: blobs },
      deployed,
    );
    const again = await verifySnapshot(deployed, { pinnedKey: await signer.publicKeyPem() });
    expect(again.checks.filter((c) => !c.ok)).toEqual([]);
    expect(again.population?.byKind).toMatchObject({ observation: 2 });
    locker.close();
  });
});

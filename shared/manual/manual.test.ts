import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { loadControls, loadFrameworks } from '../../frameworks/index.js';
import { statusReport } from '../cli/ops/status.js';
import { verifyLog } from '../ledger/audit.js';
import { decodeLeaf } from '../ledger/leaf.js';
import { leafHash } from '../ledger/merkle.js';
import { verifyInclusion } from '../ledger/merkle-verify.js';
import { openLocker, type Locker } from '../locker/locker.js';
import type { ControlResult } from '../mapping/types.js';
import { addDocument, addException, approveEvidence, type ManualDeps } from './add.js';
import { LocalBlobStore } from './blob-store.js';
import { seedManualDemo } from './demo-seed.js';
import { manualTransitions } from './expiry.js';
import { loadStatements } from './log.js';
import { manualView, requirementManualState } from './state.js';

const frameworks = loadFrameworks();
const controls = loadControls();
let dir: string;
let locker: Locker;
let now: Date;
let deps: ManualDeps;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'manual-'));
  locker = await openLocker(dir);
  now = new Date('2026-03-01T09:00:00.000Z');
  deps = { ledger: locker.ledger, blobs: new LocalBlobStore(dir), frameworks, controls, clock: () => now };
});
afterEach(() => {
  locker.close();
  rmSync(dir, { recursive: true, force: true });
});

const doc = (controlIds: string[], validUntil: string, title = 'Doc') =>
  addDocument(deps, {
    requirements: [],
    controls: controlIds,
    title,
    owner: 'Alice',
    validUntil,
    fileName: `${title}.pdf`,
    bytes: Buffer.from(`%PDF ${title} ${validUntil}`),
  });
const view = async () => manualView(await loadStatements(deps.ledger, deps.blobs));
const pass = (controlId: string): ControlResult => ({
  controlId,
  status: 'PASS',
  reason: 'ok',
  failing: [],
  ruleVersions: {},
  mappingVersion: '1',
  artifacts: [],
  observedAt: '2026-03-01T08:00:00.000Z',
  evaluatedAt: '2026-03-01T08:00:00.000Z',
});

describe('manual evidence log', () => {
  it('logs a statement leaf whose hash an auditor recomputes from the stored statement file', async () => {
    const logged = await doc(['RSK-01'], '2026-12-31');
    const bytes = readFileSync(join(dir, logged.key));
    expect(decodeLeaf(bytes)).toMatchObject({ kind: 'manual', controls: ['RSK-01'], owner: 'Alice' });
    const cp = await locker.ledger.checkpoint(locker.signer, now);
    const proof = await locker.ledger.inclusionProof(logged.index!, cp.checkpoint.treeSize);
    expect(() =>
      verifyInclusion(leafHash(bytes), logged.index!, cp.checkpoint.treeSize, proof, cp.checkpoint.rootHash),
    ).not.toThrow();
    await expect(verifyLog(locker.ledger, cp)).resolves.toMatchObject({ treeSize: 1 });
  });
});

describe('loadStatements', () => {
  it('finds logged statements through the store, skips one stored but never logged, and refuses an altered one', async () => {
    const logged = await doc(['RSK-01'], '2026-12-31');
    const { encodeStatement } = await import('../ledger/leaf.js');
    const stray = encodeStatement({ ...logged.statement, title: 'never logged' });
    await deps.blobs.put(`manual/2026/03/01/${stray.sha256}.json`, stray.bytes, 'application/json');
    expect((await loadStatements(deps.ledger, deps.blobs)).map((l) => l.id)).toEqual([logged.id]);
    expect(await loadStatements(deps.ledger, deps.blobs, 0)).toEqual([]);
    const path = join(dir, logged.key);
    chmodSync(path, 0o644);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"owner":"Alice"', '"owner":"Mallory"'));
    await expect(loadStatements(deps.ledger, deps.blobs)).rejects.toThrow(
      /does not hash to the logged value/,
    );
  });
});

describe('manual state of a requirement', () => {
  it('needs current approved evidence for every non-automated control (CC1.4: HR-01 and HR-02)', async () => {
    const parts = { ownHint: false, manualControls: ['HR-01', 'HR-02'] };
    const hr1 = await doc(['HR-01'], '2026-12-31', 'Code of conduct');
    expect(requirementManualState(await view(), 'soc2-2017:CC1.4', parts, now)).toMatchObject({
      state: 'missing',
      pending: 1,
    });
    now = new Date('2026-03-01T10:00:00.000Z');
    await approveEvidence(deps, { id: hr1.id, by: 'Bob' });
    expect((await requirementManualState(await view(), 'soc2-2017:CC1.4', parts, now)).state).toBe('missing');
    const hr2 = await doc(['HR-02'], '2026-03-20', 'Training records');
    await approveEvidence(deps, { id: hr2.id, by: 'Bob' });
    const v = await view();
    expect(requirementManualState(v, 'soc2-2017:CC1.4', parts, now)).toMatchObject({ state: 'expiring' });
    expect(requirementManualState(v, 'soc2-2017:CC1.4', parts, now, 10).state).toBe('current');
    expect(requirementManualState(v, 'soc2-2017:CC1.4', parts, new Date('2026-03-20T23:00:00Z')).state).toBe(
      'expiring',
    );
    expect(requirementManualState(v, 'soc2-2017:CC1.4', parts, new Date('2026-03-21T00:00:00Z')).state).toBe(
      'expired',
    );
    // Before the approvals were logged, nothing counted.
    expect(requirementManualState(v, 'soc2-2017:CC1.4', parts, new Date('2026-03-01T09:30:00Z')).state).toBe(
      'missing',
    );
  });

  it('counts a requirement met only when the manual half is current and the automated half passes', async () => {
    const rsk = await doc(['RSK-01'], '2026-12-31', 'Risk assessment');
    await approveEvidence(deps, { id: rsk.id, by: 'Bob' });
    const soc2 = frameworks.filter((f) => f.id === 'soc2-2017');
    const manual = { view: await view(), at: now, expiringDays: 30 };
    const cc51 = async () =>
      (await statusReport(soc2, controls, locker.results, manual))[0]!.requirements.find(
        (r) => r.id === 'CC5.1',
      );
    expect(await cc51()).toMatchObject({ state: 'unknown', manual: { state: 'current' } });
    for (const id of ['IAM-06', 'CHG-01', 'CHG-05']) {
      await locker.results.putResult(pass(id));
      await locker.results.updateState(pass(id));
    }
    expect(await cc51()).toMatchObject({ state: 'met', manual: { state: 'current' } });
    const without = (await statusReport(soc2, controls, locker.results))[0]!.requirements.find(
      (r) => r.id === 'CC5.1',
    );
    expect(without?.state).toBe('manual');
  });
});

describe('manual alerts', () => {
  it('announces expiring, then expired, with stable instants; a renewal silences them', async () => {
    const d = await doc(['RSK-01'], '2026-04-10', 'Risk assessment');
    await approveEvidence(deps, { id: d.id, by: 'Bob' });
    const v = await view();
    expect(manualTransitions(v, new Date('2026-03-05T00:00:00Z'))).toEqual([]);
    const warn = manualTransitions(v, new Date('2026-03-20T12:00:00Z'));
    expect(warn).toMatchObject([{ kind: 'evidence-expiring', id: d.id, at: '2026-03-11T00:00:00.000Z' }]);
    expect(manualTransitions(v, new Date('2026-03-25T00:00:00Z'))).toEqual(warn);
    expect(manualTransitions(v, new Date('2026-04-11T00:00:00Z'))).toMatchObject([
      { kind: 'evidence-expired', at: '2026-04-11T00:00:00.000Z', until: '2026-04-10' },
    ]);
    now = new Date('2026-04-01T00:00:00Z');
    const renewal = await doc(['RSK-01'], '2027-04-10', 'Risk assessment 2027');
    await approveEvidence(deps, { id: renewal.id, by: 'Bob' });
    expect(manualTransitions(await view(), new Date('2026-04-11T00:00:00Z'))).toEqual([]);
  });

  it('announces an exception once it has passed its last day', async () => {
    const e = await addException(deps, {
      control: 'IAM-01',
      reason: 'legacy user',
      owner: 'Carol',
      expires: '2026-03-10',
    });
    const v = await view();
    expect(manualTransitions(v, new Date('2026-03-10T23:59:00Z'))).toEqual([]);
    expect(manualTransitions(v, new Date('2026-03-11T00:00:00Z'))).toMatchObject([
      { kind: 'exception-expired', id: e.id, subject: 'IAM-01', owner: 'Carol' },
    ]);
  });
});

describe('seedManualDemo', () => {
  it('adds approved SOC 2 documents and one that expires two thirds into the window', async () => {
    const seed = await seedManualDemo(deps, {
      at: new Date('2026-01-01T08:00:00Z'),
      window: { start: '2026-01-02', end: '2026-04-01' },
    });
    expect(seed.documents).toHaveLength(11);
    expect(seed.expiring.statement.validUntil).toBe('2026-03-02');
    const v = await view();
    expect(v.documents.every((d) => d.approvals.length === 1)).toBe(true);
    const parts = { ownHint: false, manualControls: ['BCK-02', 'BCP-01', 'INC-02'] };
    expect(requirementManualState(v, 'soc2-2017:CC7.5', parts, new Date('2026-04-01T00:00:00Z')).state).toBe(
      'current',
    );
    expect(manualTransitions(v, new Date('2026-04-01T00:00:00Z'))).toMatchObject([
      { kind: 'evidence-expired', id: seed.expiring.id },
    ]);
  });
});

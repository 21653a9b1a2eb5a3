import { execSync } from 'node:child_process';
import { sha256Hex } from '../evidence/canonical.js';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ValidationError } from '../errors.js';
import { buildSnapshot, buildSnapshotToFile } from './builder.js';
import { buildScenario, type Scenario } from './testing/scenario.js';
import { readAll } from './testing/zip-tools.js';

let dir: string;
let s: Scenario;
let zip: string;
let files: Map<string, Buffer>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snap-build-'));
  s = await buildScenario(7, 1);
  zip = join(dir, 'snap.zip');
  await buildSnapshotToFile(s.request, s.deps, zip);
  files = await readAll(zip);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sh = (cmd: string, cwd: string) => execSync(cmd, { cwd, shell: '/bin/bash', stdio: 'pipe' }).toString();

describe('buildSnapshot', () => {
  it('writes a zip that unzip -t accepts, with every expected part', () => {
    expect(sh(`unzip -t ${zip}`, dir)).toContain('No errors detected');
    const names = [...files.keys()];
    for (const p of [
      'manifest.json',
      'manifest.statement.json',
      'manifest.sig',
      'SHA256SUMS',
      'log/population.json',
      'samples.json',
      'VERIFY.md',
      'index.html',
      'checkpoint.json',
      'public-key.pem',
      'proofs/consistency.json',
      'window/evaluation.json',
      'oscal/assessment-results.json',
      'oscal/mapping.json',
      'results/IAM-01.json',
      'results/LOG-01.json',
      'populations/LOG-01.csv',
    ]) {
      expect(names).toContain(p);
    }
    const evidence = names.filter((n) => n.startsWith('evidence/'));
    expect(evidence).toHaveLength(13); // 7 IAM-01 + 6 LOG-01 (day 5 missing); pre-window evidence left out
    for (const e of evidence)
      expect(names).toContain(`proofs/inclusion/${/_([0-9a-f]{64})\.json$/.exec(e)![1]}.json`);
  });

  it('signs one small RAW statement naming the manifest SHA-256, whatever the manifest size', async () => {
    const statement = files.get('manifest.statement.json')!.toString();
    expect(statement).toBe(
      `{"manifestSha256":"${sha256Hex(files.get('manifest.json')!)}","statement":"flux.manifest-statement/v1"}`,
    );
    const signed: Buffer[] = [];
    const big = await buildScenario(60, 6);
    const real = big.deps.signer;
    const signer = {
      keyId: real.keyId,
      publicKeyPem: () => real.publicKeyPem(),
      sign: async (m: Uint8Array) => (signed.push(Buffer.from(m)), real.sign(m)),
    };
    const sum = await buildSnapshot(
      big.request,
      { ...big.deps, signer },
      new Writable({ write: (_c, _e, cb) => cb() }),
    );
    expect(sum.manifest.files.length).toBeGreaterThan(1000); // the manifest is far over KMS's 4 KB RAW limit
    expect(signed).toHaveLength(1);
    expect(signed[0]!.length).toBeLessThan(200);
    expect(signed[0]!.toString()).toContain(sum.manifestSha256);
  });

  it('renders an offline report with a timeline per control and links to evidence', () => {
    const html = files.get('index.html')!.toString();
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html.match(/aria-label="[A-Z]+-\d+ timeline"/g)).toHaveLength(2);
    expect(html.match(/data-label="FAIL"/g)).toHaveLength(1); // LOG-01 day 3 FAIL
    expect(html.match(/data-label="MISSING"/g)).toHaveLength(1); // LOG-01 day 5 MISSING
    expect(html).toContain('CC7.2');
    const link = /href="(evidence\/[^"]+)"/.exec(html)![1]!;
    expect(files.has(link)).toBe(true);
  });

  it('exports populations and OSCAL assessment results', () => {
    const csv = files.get('populations/LOG-01.csv')!.toString().trim().split('\r\n');
    expect(csv[0]).toBe(
      'period,period_start,period_end,observed_at,status,artifact_sha256,failing_resources,reason',
    );
    expect(csv).toHaveLength(8);
    expect(csv.find((l) => l.includes('FAIL'))).toContain('trail/main (IsLogging=false)');
    expect(csv.find((l) => l.includes('MISSING'))).toMatch(/^4,2026-01-05/);
    const oscal = JSON.parse(files.get('oscal/assessment-results.json')!.toString())['assessment-results'];
    expect(oscal.metadata['oscal-version']).toBe('1.2.1');
    const findings = oscal.results[0].findings as {
      target: { 'target-id': string; status: { state: string } };
    }[];
    // Findings target the framework's requirements (CC6.1 ← IAM-01; CC7.2 ← IAM-01 + the failing LOG-01).
    expect(findings.map((f) => f.target['target-id'])).toEqual(['CC6.1', 'CC7.2']);
    expect(findings[0]!.target.status.state).toBe('satisfied');
    expect(findings[1]!.target.status.state).toBe('not-satisfied');
    expect(oscal.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('limits the snapshot to a control subset', async () => {
    const chunks: Buffer[] = [];
    const out = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) });
    const sum = await buildSnapshot({ ...s.request, controls: ['IAM-01'], compress: false }, s.deps, out);
    expect(sum.manifest.controls).toEqual(['IAM-01']);
    expect(sum.artifacts).toBe(7);
    expect(sum.manifest.files.some((f) => f.path === 'results/LOG-01.json')).toBe(false);
    expect(Buffer.concat(chunks).subarray(0, 4).toString('hex')).toBe('504b0304');
  });

  it.each([
    ['an unknown framework', { framework: 'pci-dss' }, /unknown framework/],
    [
      'a window ending before it starts',
      { window: { start: '2026-01-07', end: '2026-01-01' } },
      /before start/,
    ],
    [
      'a window longer than 400 days',
      { window: { start: '2025-01-01', end: '2026-02-15' } },
      /longer than 400/,
    ],
    ['a control id with ..', { controls: ['../../etc/passwd'] }, /not a usable control id/],
    ['an absolute control path', { controls: ['/IAM-01'] }, /not a usable control id/],
    ['a control id with a backslash', { controls: ['IAM\\01'] }, /not a usable control id/],
  ])('refuses %s with a ValidationError and writes nothing', async (_what, change, message) => {
    const path = join(dir, 'refused.zip');
    const err = await buildSnapshotToFile({ ...s.request, ...change }, s.deps, path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(message);
    expect(existsSync(path)).toBe(false);
  });

  it('refuses evidence whose store key would escape the archive', async () => {
    const w = await buildScenario(2, 1);
    const sha = w.request.results[0]!.artifacts[0]!;
    const entry = (await w.deps.ledger.get(sha))!;
    (entry as { key: string }).key = `evidence/../../x_${sha}.json`;
    const before = readdirSync(dir).length;
    await expect(buildSnapshotToFile(w.request, w.deps, join(dir, 'escape.zip'))).rejects.toThrow(
      ValidationError,
    );
    expect(readdirSync(dir).length).toBe(before);
  });
});

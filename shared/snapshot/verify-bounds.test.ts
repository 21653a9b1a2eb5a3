import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import yazl from 'yazl';
import { buildSnapshotToFile } from './builder.js';
import { manifestBytes, parseManifest, type ManifestFile } from './manifest.js';
import { buildScenario } from './testing/scenario.js';
import { readAll, writeBomb } from './testing/zip-tools.js';

// verify reads within bounds: a 1 GiB zip bomb, in any place, is refused with peak RSS at most 64 MB above what loading
// the CLI cost (measured ~25 MB; loading the whole CLI, with every AWS SDK client a command may use, is ~210 MB here, so
// ~235 MB in all; the absolute bound of 384 MB leaves room for a loaded machine's garbage collector); a 50 MB
// manifest is refused within 512 MB. Each run is a child process running
// the CLI, which reports its own peak RSS after loading and after the run.
// The CLI is bundled once with esbuild (dependencies left to node_modules), so a run weighs verify itself, not tsx
// compiling ~700 TypeScript modules on the fly with their source maps (a cold tsx cache alone costs ~180 MB).
const root = fileURLToPath(new URL('../../', import.meta.url));
const GiB = 1024 ** 3;
let dir: string;
// Inside the repository, so the bundle's bare imports resolve to its node_modules.
// Two levels down, like shared/cli/, so its relative read of package.json (the tool version) finds the root's.
const cli = join(root, '.bounds-cli', String(process.pid), 'cli.mjs');
let files: Map<string, Buffer>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snap-bounds-'));
  const s = await buildScenario(3, 1);
  const good = join(dir, 'good.zip');
  await buildSnapshotToFile(s.request, s.deps, good);
  files = await readAll(good);
  await build({
    entryPoints: [join(root, 'shared/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    outfile: cli,
    logLevel: 'silent',
  });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(cli, '..'), { recursive: true, force: true });
});

/** The snapshot with `bombPath` holding 1 GiB of zeros (added, or replacing that file). */
async function bombZip(name: string, bombPath: string): Promise<string> {
  const path = join(dir, name);
  await writeBomb(path, files, bombPath, GiB);
  return path;
}

/** Makes the central directory claim `size` bytes for `entry`: a bomb that lies about its size. */
function lieAboutSize(path: string, entry: string, size: number): void {
  const buf = readFileSync(path);
  const name = Buffer.from(entry);
  for (let i = buf.length - 46; i >= 0; i--) {
    if (buf.readUInt32LE(i) !== 0x02014b50) continue;
    const len = buf.readUInt16LE(i + 28);
    if (len === name.length && buf.subarray(i + 46, i + 46 + len).equals(name)) {
      buf.writeUInt32LE(size, i + 24);
      writeFileSync(path, buf);
      return;
    }
  }
  throw new Error(`no central directory entry ${entry}`);
}

/** Runs `flux-evidence verify <zip> --insecure-unpinned --json` in a child; its exit code, report and peak RSS. */
function verifyChild(zip: string): {
  code: number | null;
  report: { checks: { name: string; ok: boolean; detail: string }[] };
  rssMb: number;
  /** Peak RSS over what loading the CLI had already cost: what the run itself added. */
  addedMb: number;
  stderr: string;
} {
  const script = `const { main } = await import(${JSON.stringify(pathToFileURL(cli).href)});
process.stderr.write('LOADED ' + process.resourceUsage().maxRSS + '\\n');
const code = await main(['node', 'flux-evidence', 'verify', ${JSON.stringify(zip)}, '--insecure-unpinned', '--json']);
process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n');
process.exitCode = code;`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    // A clean environment: what other test files left in process.env (emulator settings, NODE_OPTIONS) must not
    // change what a verify run costs.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const rss = /MAXRSS (\d+)/.exec(r.stderr);
  if (!rss) throw new Error(`child failed: ${r.stderr.slice(0, 2000)}`);
  const loaded = Number(/LOADED (\d+)/.exec(r.stderr)?.[1] ?? 0);
  return {
    code: r.status,
    report: JSON.parse(r.stdout),
    rssMb: Number(rss[1]) / 1024,
    addedMb: (Number(rss[1]) - loaded) / 1024,
    stderr: r.stderr,
  };
}

const detailOf = (r: ReturnType<typeof verifyChild>, name: string) =>
  r.report.checks.find((c) => c.name === name)?.detail ?? '';

describe('verify within bounds', () => {
  it('never inflates an entry the manifest does not list: a 1 GiB bomb adds at most 64 MB', async () => {
    const r = verifyChild(await bombZip('unlisted.zip', `evidence/bomb/x_${'0'.repeat(64)}.json`));
    expect(r.code).toBe(1);
    expect(detailOf(r, 'files-complete')).toContain('not in manifest: evidence/bomb/');
    expect(r.addedMb).toBeLessThanOrEqual(64);
    expect(r.rssMb).toBeLessThanOrEqual(384);
  });

  it('caps a listed entry at its manifest size, even when the zip lies about its size', async () => {
    const target = [...files.keys()].find((p) => p.startsWith('evidence/'))!;
    const zip = await bombZip('listed.zip', target);
    lieAboutSize(zip, target, files.get(target)!.length);
    const r = verifyChild(zip);
    expect(r.code).toBe(1);
    expect(detailOf(r, 'file-hashes')).toContain(`${target}: cannot be read as `);
    expect(r.addedMb).toBeLessThanOrEqual(64);
    expect(r.rssMb).toBeLessThanOrEqual(384);
    expect(r.stderr).not.toMatch(/ERR_|Invalid string length|DECODER/);
  });

  it('refuses a 1 GiB manifest.json before inflating it', async () => {
    const r = verifyChild(await bombZip('manifest.zip', 'manifest.json'));
    expect(r.code).toBe(1);
    expect(detailOf(r, 'manifest')).toContain('manifest.json is missing or larger than the limit');
    expect(r.addedMb).toBeLessThanOrEqual(64);
    expect(r.rssMb).toBeLessThanOrEqual(384);
  });

  it('refuses a 50 MB manifest within 512 MB (over the 32 MiB a verifier reads)', async () => {
    const m = parseManifest(JSON.parse(files.get('manifest.json')!.toString()));
    const fake: ManifestFile[] = [];
    for (let i = 0; fake.length < 260_000; i++)
      fake.push({
        path: `evidence/aws-s3-buckets/2026/01/01/2026-01-01T00:00:00.000Z_${i.toString(16).padStart(64, '0')}.json`,
        sha256: i.toString(16).padStart(64, 'a'),
        size: 1,
      });
    const bytes = manifestBytes({
      ...m,
      files: [...m.files, ...fake].sort((a, b) => (a.path < b.path ? -1 : 1)),
    });
    expect(bytes.length).toBeGreaterThan(50 * 1024 * 1024);
    const zip = new yazl.ZipFile();
    for (const [p, b] of files)
      zip.addBuffer(p === 'manifest.json' ? bytes : b, p, { compressionLevel: 1 } as yazl.Options);
    zip.end();
    const path = join(dir, 'big-manifest.zip');
    await pipeline(zip.outputStream, createWriteStream(path));
    const r = verifyChild(path);
    expect(r.code).toBe(1);
    expect(detailOf(r, 'manifest')).toContain('manifest.json is missing or larger than the limit');
    expect(r.rssMb).toBeLessThanOrEqual(512);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSnapshotToFile } from '../../shared/snapshot/builder.js';
import { buildScenario } from '../../shared/snapshot/testing/scenario.js';

// Commands register cheaply and import what they run with `await import(...)` in their actions. These tests run
// the real binary with an ESM loader hook (test/harness/module-trace.mjs) that records every module it resolves,
// and check that help and the offline verifier do not load the AWS SDK, the collectors or the rules.

let dir: string;
let zip: string;

/** Runs `node bin/flux-evidence.js ...args` and returns its exit code and the URLs of the modules it loaded. */
function traced(...args: string[]): { status: number | null; stderr: string; modules: string[] } {
  const out = join(dir, `trace-${args.join('-').replace(/[^\w-]/g, '_')}.txt`);
  const hooks = pathToFileURL(resolve('test/harness/module-trace.mjs')).href;
  const registerHooks = `import { register } from 'node:module'; register(${JSON.stringify(hooks)}, { data: { out: ${JSON.stringify(out)} } });`;
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(registerHooks)}`,
      'bin/flux-evidence.js',
      ...args,
    ],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  return {
    status: r.status,
    stderr: r.stderr,
    modules: readFileSync(out, 'utf8').split('\n').filter(Boolean),
  };
}

const HEAVY = [
  '/node_modules/@aws-sdk/',
  '/shared/collectors/registry.ts',
  '/shared/rules/registry.ts',
  '/shared/cli/backend.ts',
];

const heavyIn = (modules: readonly string[]) => modules.filter((m) => HEAVY.some((h) => m.includes(h)));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-startup-'));
  const s = await buildScenario(2, 1);
  zip = join(dir, 'snap.zip');
  await buildSnapshotToFile(s.request, s.deps, zip);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('flux-evidence startup', () => {
  it('prints help without loading the SDK, zod, the collectors or the rules', () => {
    const t = traced('--help');
    expect(t.status).toBe(0);
    // The trace works: it saw the CLI's own modules.
    expect(t.modules.some((m) => m.endsWith('/shared/cli/commands/collect.ts'))).toBe(true);
    expect(heavyIn(t.modules)).toEqual([]);
    expect(t.modules.filter((m) => m.includes('/node_modules/zod/'))).toEqual([]);
  });

  it('prints a command help without loading what the command runs', () => {
    const t = traced('verify', '--help');
    expect(t.status).toBe(0);
    expect(heavyIn(t.modules)).toEqual([]);
    expect(t.modules.filter((m) => m.endsWith('/shared/snapshot/verify.ts'))).toEqual([]);
  });

  it('verifies a snapshot offline without loading the SDK, the collectors or the rules', () => {
    const t = traced('verify', zip, '--insecure-unpinned');
    expect(t.status).toBe(0);
    expect(t.modules.some((m) => m.endsWith('/shared/snapshot/verify.ts'))).toBe(true);
    expect(heavyIn(t.modules)).toEqual([]);
  });
});

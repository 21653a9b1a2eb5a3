import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/flux-evidence.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });

describe('flux-evidence binary', () => {
  it('prints the package version', () => {
    const r = cli('--version');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('prints help listing its commands', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: flux-evidence/);
    expect(r.stdout).toMatch(/verify/);
  });

  it('exits 2 with a clear message on an unknown option', () => {
    const r = cli('--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
  });
});

import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The window's daily bounds as computed by a fresh Node process whose own zone is `TZ`. A child process, because
 * jest gives each test file a copy of process.env: setting TZ inside a test never reaches Intl or Date.
 */
function boundsOnHost(TZ: string, timeZone?: string): string[] {
  const window = JSON.stringify({
    start: '2026-03-07',
    end: '2026-03-09',
    ...(timeZone ? { timeZone } : {}),
  });
  const script = `const { buildPeriods } = await import('./shared/window/periods.ts');
const host = new Intl.DateTimeFormat().resolvedOptions().timeZone;
const p = buildPeriods(${window}, 'daily');
console.log(JSON.stringify([host, ...[...p.bounds].map((t) => new Date(t).toISOString())]));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ },
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  const [host, ...bounds] = JSON.parse(r.stdout) as string[];
  expect(host).toBe(TZ);
  return bounds;
}

describe('the machine evaluating a window', () => {
  it('does not move its days: a window without a time zone is UTC on a host in New York or Tokyo', () => {
    const utc = [
      '2026-03-07T00:00:00.000Z',
      '2026-03-08T00:00:00.000Z',
      '2026-03-09T00:00:00.000Z',
      '2026-03-10T00:00:00.000Z',
    ];
    expect(boundsOnHost('America/New_York')).toEqual(utc);
    expect(boundsOnHost('Asia/Tokyo')).toEqual(utc);
    // A named zone is that zone's days wherever the evaluation runs (New York moves to summer time on 8 March).
    expect(boundsOnHost('Asia/Tokyo', 'America/New_York')).toEqual([
      '2026-03-07T05:00:00.000Z',
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
      '2026-03-10T04:00:00.000Z',
    ]);
  });
});

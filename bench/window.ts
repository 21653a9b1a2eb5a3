import { performance } from 'node:perf_hooks';
import type { Frequency } from '../shared/mapping/types.js';
import { evaluateWindows, type WindowResult } from '../shared/window/evaluate.js';

/**
 * Type II window evaluation at scale: 100 controls × 365 days × 24 results a day (876,000 results, ISO strings as
 * stored) in memory, then twice the results (a two-year window). Target: < 2 s for the first, ≤ 2.2× for the second.
 */
const FREQS: Frequency[] = ['daily', 'daily', 'continuous', 'weekly', 'monthly', 'quarterly'];
const DAY_MS = 86_400_000;

function synth(controls: number, days: number, start: number): Map<string, WindowResult[]> {
  let x = 0x9e3779b9;
  const rand = () => (x = (x * 1664525 + 1013904223) >>> 0) / 0x1_0000_0000;
  const out = new Map<string, WindowResult[]>();
  for (let c = 0; c < controls; c++) {
    const rs: WindowResult[] = new Array(days * 24);
    for (let i = 0; i < days * 24; i++) {
      const r = rand();
      const status = r < 0.002 ? 'FAIL' : r < 0.004 ? 'UNKNOWN' : 'PASS';
      rs[i] = { observedAt: new Date(start + i * 3_600_000 + 1_234).toISOString(), status };
    }
    out.set(`C-${String(c).padStart(3, '0')}`, rs);
  }
  return out;
}

function measure(
  controls: number,
  days: number,
  repeats: number,
): { ms: number; cpuMs: number; results: number; reports: number } {
  const start = Date.UTC(2025, 0, 1);
  const data = synth(controls, days, start);
  const ids = [...data.keys()].map((id, i) => ({ id, frequency: FREQS[i % FREQS.length]! }));
  const end = new Date(start + (days - 1) * DAY_MS).toISOString().slice(0, 10);
  const window = { start: '2025-01-01', end };
  const times: number[] = [];
  const cpu: number[] = [];
  let reports = 0;
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    reports = evaluateWindows(window, ids, (id) => data.get(id)!).length;
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { ms: median(times), cpuMs: median(cpu), results: controls * days * 24, reports };
}

/** Runs the benchmark; prints one line per size and returns the figures. */
export async function run(): Promise<Record<string, number>> {
  measure(10, 60, 2); // warm up the JIT so the first size is not charged for it
  const base = measure(100, 365, 3);
  console.log(
    `window: ${base.results.toLocaleString('en')} results, ${base.reports} controls: ${base.ms.toFixed(0)} ms wall, ${base.cpuMs.toFixed(0)} ms CPU (median of 3; target < 2000 ms)`,
  );
  const twice = measure(100, 730, 3);
  const ratio = twice.ms / base.ms;
  // CPU time is what scales with the work; wall time also counts waiting for a core on a busy machine.
  const cpuRatio = twice.cpuMs / base.cpuMs;
  console.log(
    `window: ${twice.results.toLocaleString('en')} results, ${twice.reports} controls: ${twice.ms.toFixed(0)} ms wall, ${twice.cpuMs.toFixed(0)} ms CPU; ratio ${ratio.toFixed(2)}x wall, ${cpuRatio.toFixed(2)}x CPU (target ≤ 2.2x)`,
  );
  return {
    baseResults: base.results,
    baseMs: base.ms,
    baseCpuMs: base.cpuMs,
    doubleResults: twice.results,
    doubleMs: twice.ms,
    doubleCpuMs: twice.cpuMs,
    ratio,
    cpuRatio,
  };
}

// Peak memory per handler for the org-scale benchmark. The handlers run in this one process (as the Lambda
// functions would each run in their own), so the figure per handler is the process's resident set and V8 heap
// sampled every 25 ms while at least one invocation of that handler is running: an upper bound of what one
// function instance needs (concurrent invocations of the same handler are counted together).
type Phase = 'fanout' | 'collector' | 'sequencer';

const MiB = 1024 * 1024;

export class MemoryPeaks {
  private readonly active = new Map<Phase, number>();
  private readonly peaks = new Map<Phase, { rss: number; heapUsed: number }>();
  private readonly timer = setInterval(() => this.sample(), 25);

  private sample(): void {
    const m = process.memoryUsage();
    for (const [phase, n] of this.active) {
      if (n === 0) continue;
      const p = this.peaks.get(phase) ?? { rss: 0, heapUsed: 0 };
      this.peaks.set(phase, { rss: Math.max(p.rss, m.rss), heapUsed: Math.max(p.heapUsed, m.heapUsed) });
    }
  }

  /** Runs `f` as one invocation of `phase`, sampling before and after too. */
  async during<T>(phase: Phase, f: () => Promise<T>): Promise<T> {
    this.active.set(phase, (this.active.get(phase) ?? 0) + 1);
    this.sample();
    try {
      return await f();
    } finally {
      this.sample();
      this.active.set(phase, this.active.get(phase)! - 1);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Peak RSS and heap per handler, in MiB. */
  report(): Record<Phase, { rssMiB: number; heapMiB: number }> {
    const r = (p: Phase) => {
      const v = this.peaks.get(p) ?? { rss: 0, heapUsed: 0 };
      return { rssMiB: Math.round(v.rss / MiB), heapMiB: Math.round(v.heapUsed / MiB) };
    };
    return { fanout: r('fanout'), collector: r('collector'), sequencer: r('sequencer') };
  }
}

import { nextState, resultSortKey, type ControlState, type ResultsStore } from './results-store.js';
import { transitionOf } from './transitions.js';
import type { ControlResult, Transition } from './types.js';

/** In-memory ResultsStore with the same semantics as DynamoResultsStore (unit tests, local locker). */
export class MemoryResultsStore implements ResultsStore {
  private readonly stored = new Map<string, Map<string, ControlResult>>();
  private readonly states = new Map<string, ControlState>();

  async putResult(result: ControlResult): Promise<boolean> {
    let byKey = this.stored.get(result.controlId);
    if (!byKey) this.stored.set(result.controlId, (byKey = new Map()));
    const key = resultSortKey(result);
    if (byKey.has(key)) return false;
    byKey.set(key, structuredClone(result));
    return true;
  }

  async *results(controlId: string, from: string, to: string): AsyncIterable<ControlResult> {
    const lo = new Date(from).toISOString();
    const hi = `${new Date(to).toISOString()}#~`;
    const entries = [...(this.stored.get(controlId) ?? new Map<string, ControlResult>()).entries()]
      .filter(([k]) => k >= lo && k <= hi)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [, r] of entries) yield r;
  }

  async getState(controlId: string): Promise<ControlState | undefined> {
    return this.states.get(controlId);
  }

  async updateState(result: ControlResult): Promise<Transition | undefined> {
    // Read and write happen in one synchronous step, so concurrent callers see each other's writes.
    const cur = this.states.get(result.controlId);
    const next = nextState(cur, result);
    if (!next) return undefined;
    this.states.set(result.controlId, next);
    return transitionOf(cur?.status, result);
  }
}

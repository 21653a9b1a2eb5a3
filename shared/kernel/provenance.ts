import type { Operation } from '../evidence/envelope.js';

/** Request parameters that only move through pages; they are not part of what was asked. */
const PAGING_KEYS = new Set([
  'Marker',
  'NextToken',
  'ContinuationToken',
  'StartingToken',
  'StartAfter',
  'nextToken',
]);

/**
 * Collects, per distinct (service, operation, parameters), the pages fetched, items seen and request
 * ids. Fed by the SDK middleware in aws-clients.ts and by the GitHub / identity-provider clients.
 */
export class ProvenanceRecorder {
  private readonly ops = new Map<string, Operation>();
  private identityArn = 'unknown';
  private readonly notes: string[] = [];

  setIdentity(identity: string): void {
    this.identityArn = identity;
  }

  get identity(): string {
    return this.identityArn;
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** Records one page (one request) of an operation. */
  record(entry: {
    service: string;
    operation: string;
    params?: Record<string, unknown>;
    items: number;
    requestId?: string;
    error?: string;
  }): void {
    const params = stripPaging(entry.params ?? {});
    const id = `${entry.service}\u0000${entry.operation}\u0000${JSON.stringify(params)}`;
    const op = this.ops.get(id) ?? {
      service: entry.service,
      operation: entry.operation,
      params,
      pages: 0,
      items: 0,
      requestIds: [],
    };
    op.pages += 1;
    op.items += entry.items;
    if (entry.requestId) op.requestIds.push(entry.requestId);
    if (entry.error) op.error = entry.error;
    this.ops.set(id, op);
  }

  operations(): Operation[] {
    return [...this.ops.values()];
  }

  /** Total requests made. */
  requestCount(): number {
    let n = 0;
    for (const op of this.ops.values()) n += op.pages;
    return n;
  }

  allNotes(): string[] {
    return [...this.notes];
  }
}

function stripPaging(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (!PAGING_KEYS.has(k) && v !== undefined && typeof v !== 'function' && !(v instanceof Uint8Array))
      out[k] = v;
  }
  return out;
}

/** Counts the items in an API response: the longest top-level array, or 1 for a single object. */
export function countItems(output: unknown): number {
  if (!output || typeof output !== 'object') return 0;
  let best = -1;
  for (const [k, v] of Object.entries(output)) {
    if (k !== '$metadata' && Array.isArray(v)) best = Math.max(best, v.length);
  }
  return best >= 0 ? best : 1;
}

import type { ContentIndex } from '../kernel/content-index.js';
import type { Envelope } from '../evidence/envelope.js';
import type { Ledger } from '../ledger/types.js';
import { toEvidenceInput, type EvidenceLoader } from '../mapping/evidence-loader.js';
import type { EvidenceInput } from '../mapping/types.js';
import type { EvidenceStore } from './types.js';

/**
 * EvidenceLoader over any ledger + content index + store: the (collector, scope) pairs are read from the
 * ledger's entries (incrementally, from the last index seen), each pair's latest artifact from the content
 * index (with its re-observation time), and the artifact from the store, rehashed. Envelopes are cached by
 * hash, so evaluating every control re-reads nothing. It sees every stored artifact, whether or not a mapper has
 * processed it (unlike `SCOPES#` items), which is what the access reconciliation needs.
 */
export class LedgerEvidenceLoader implements EvidenceLoader {
  private readonly scopes = new Map<string, Set<string>>();
  private scanned = 0;
  private readonly envelopes = new Map<string, Promise<Envelope>>();

  constructor(
    private readonly deps: {
      readonly ledger: Pick<Ledger, 'head' | 'entries'>;
      readonly index: Pick<ContentIndex, 'latest'>;
      readonly store: Pick<EvidenceStore, 'get'>;
    },
  ) {}

  async remember(collector: string, scope: string): Promise<void> {
    this.scopesOf(collector).add(scope);
  }

  /** Reads ledger entries appended since the last call. */
  async refresh(): Promise<void> {
    const { treeSize } = await this.deps.ledger.head();
    if (treeSize <= this.scanned) return;
    for await (const e of this.deps.ledger.entries(this.scanned, treeSize))
      this.scopesOf(e.collector).add(e.scope);
    this.scanned = treeSize;
  }

  /** The (collector, scope) pairs seen so far (call refresh() first for the newest). */
  knownScopes(): ReadonlyMap<string, ReadonlySet<string>> {
    return this.scopes;
  }

  async latest(collector: string): Promise<EvidenceInput[]> {
    await this.refresh();
    const out: EvidenceInput[] = [];
    for (const scope of [...this.scopesOf(collector)].sort()) {
      const pointer = await this.deps.index.latest(collector, scope);
      if (!pointer) continue;
      const envelope = await this.envelope(pointer.key, pointer.sha256);
      out.push(toEvidenceInput(envelope, pointer.sha256, scope, pointer));
    }
    return out;
  }

  private scopesOf(collector: string): Set<string> {
    let s = this.scopes.get(collector);
    if (!s) this.scopes.set(collector, (s = new Set()));
    return s;
  }

  private envelope(key: string, sha256: string): Promise<Envelope> {
    let p = this.envelopes.get(sha256);
    if (!p) {
      p = this.deps.store.get(key, sha256).then((a) => a.envelope);
      p.catch(() => this.envelopes.delete(sha256));
      this.envelopes.set(sha256, p);
    }
    return p;
  }
}

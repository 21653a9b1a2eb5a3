import pLimit from 'p-limit';
import { classifyError } from './errors.js';
import type { CollectionUnit } from './plan.js';
import { runCollector, type RunDeps, type RunResult } from './runner.js';

export interface UnitFailure {
  readonly collector: string;
  readonly scope: CollectionUnit['scope'];
  readonly code: string;
  readonly message: string;
}

export interface CollectAllResult {
  readonly results: RunResult[];
  /** Units that could not store evidence at all (store or ledger failure); source failures are in the artifacts. */
  readonly failures: UnitFailure[];
}

/**
 * Runs every unit with bounded concurrency overall and per account, so a large organization is collected
 * quickly without tripping any one account's API limits.
 */
export async function collectAll(
  units: readonly CollectionUnit[],
  deps: Omit<RunDeps, 'connection'>,
  options: { concurrency: number; perAccountConcurrency: number; onResult?: (r: RunResult) => void },
): Promise<CollectAllResult> {
  const overall = pLimit(options.concurrency);
  const perAccount = new Map<string, ReturnType<typeof pLimit>>();
  const results: RunResult[] = [];
  const failures: UnitFailure[] = [];
  await Promise.all(
    units.map((unit) => {
      const key = unit.scope.account ?? unit.scope.org ?? unit.scope.tenant ?? '-';
      if (!perAccount.has(key)) perAccount.set(key, pLimit(options.perAccountConcurrency));
      return perAccount.get(key)!(() =>
        overall(async () => {
          try {
            const r = await runCollector(unit.collector, unit.scope, {
              ...deps,
              connection: unit.connection,
            });
            results.push(r);
            options.onResult?.(r);
          } catch (err) {
            failures.push({ collector: unit.collector.meta.id, scope: unit.scope, ...classifyError(err) });
          }
        }),
      );
    }),
  );
  return { results, failures };
}

// `npm run bench`: every benchmark in one run, each printing ratios against a baseline measured in the
// same run (these machines are noisy; absolute times are for context only). Figures are also written to
// bench/out/results.json. Pass names to run a subset: `npm run bench -- store window`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { startMoto, resetMoto } from '../shared/emulator/moto-server.js';

type Bench = {
  name: string;
  needsEmulator: boolean;
  run: (endpoint: string) => Promise<unknown>;
  /** Runs only when named (a full-size run takes hours on the emulator). */
  onlyWhenNamed?: boolean;
};

const benches: Bench[] = [
  {
    name: 'ledger',
    needsEmulator: true,
    run: async (e) => (await import('./ledger.js')).run({ endpoint: e }),
  },
  {
    name: 'ledger-batch',
    needsEmulator: false, // starts its own moto (with the one-backup-per-transaction patch)
    run: async () => (await import('./ledger-batch.js')).run(),
  },
  { name: 'store', needsEmulator: true, run: async (e) => (await import('./store.js')).run(e) },
  { name: 'collect', needsEmulator: true, run: async (e) => (await import('./collect.js')).run(e) },
  {
    name: 'snapshot',
    needsEmulator: true,
    run: async (e) => (await import('./snapshot.js')).run({ endpoint: e }),
  },
  {
    name: 'snapshot-api',
    needsEmulator: true,
    run: async (e) => (await import('./snapshot-api.js')).run({ endpoint: e, sizes: [200] }),
  },
  { name: 'window', needsEmulator: false, run: async () => (await import('./window.js')).run() },
  { name: 'github-prs', needsEmulator: false, run: async () => (await import('./github-prs.js')).run() },
  { name: 'bundles', needsEmulator: false, run: async () => (await import('./bundles.js')).run() },
  { name: 'ingest', needsEmulator: false, run: async () => (await import('./ingest.js')).run() },
  // Full size is 500 accounts x 17 regions; `--accounts N --regions M` for a smaller run.
  {
    name: 'org-scale',
    needsEmulator: false, // starts its own moto (without AWS managed policies copied into every account)
    run: async () => (await import('./org-scale.js')).run(),
    onlyWhenNamed: true,
  },
  {
    name: 'prowler-agreement',
    needsEmulator: true,
    run: async (e) => (await import('./prowler-agreement.js')).run(e),
  },
];

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // Names select benchmarks; `--flag value` pairs are a benchmark's own options (org-scale reads them).
  const wanted = process.argv
    .slice(2)
    .filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  const selected = benches.filter(
    (b) => (wanted.length === 0 && !b.onlyWhenNamed) || wanted.includes(b.name),
  );
  const moto = selected.some((b) => b.needsEmulator)
    ? await startMoto({ root: process.cwd(), log: console.log })
    : undefined;
  const results: Record<string, unknown> = {};
  try {
    for (const b of selected) {
      console.log(`\n=== ${b.name}`);
      if (moto) await resetMoto(moto.endpoint);
      results[b.name] = await b.run(moto?.endpoint ?? '');
    }
  } finally {
    await moto?.stop();
  }
  mkdirSync('bench/out', { recursive: true });
  writeFileSync('bench/out/results.json', JSON.stringify(results, null, 2));
  console.log('\nfigures written to bench/out/results.json');
}

await main();

/**
 * Mutation testing of the core modules (`npm run mutate`, `npm run mutate:ci`): one StrykerJS run per module,
 * each running only that module's own unit tests (jest.mutate.config.js reads FLUX_MUTATE_TESTS), then one
 * table of per-module and total figures. Under native ESM Stryker cannot tell which test covers which mutant,
 * so every mutant pays a whole jest run; keeping that run to a few test files is what makes this affordable.
 *
 *   tsx scripts/mutate.ts            all core modules (slow: about 3 s per mutant on a shared 2-core machine)
 *   tsx scripts/mutate.ts --ci       the CI subset
 *   tsx scripts/mutate.ts merkle ... the named modules
 *
 * Exits 1 when a module scores below the break threshold of stryker.config.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface CoreModule {
  name: string;
  mutate: string[];
  tests: string[];
  ci?: boolean;
}

const MODULES: CoreModule[] = [
  {
    name: 'merkle',
    mutate: ['shared/ledger/merkle.ts', 'shared/ledger/merkle-verify.ts'],
    tests: ['shared/ledger/merkle.test.ts', 'shared/ledger/merkle-errors.test.ts'],
  },
  {
    name: 'verify-checkpoint',
    mutate: ['shared/ledger/verify-checkpoint.ts'],
    tests: ['shared/ledger/verify-checkpoint.test.ts'],
    ci: true,
  },
  {
    name: 'leaf',
    mutate: ['shared/ledger/leaf.ts'],
    tests: ['shared/ledger/leaf.test.ts', 'shared/ledger/leaf-kinds.test.ts'],
  },
  {
    name: 'evidence',
    mutate: ['shared/evidence/canonical.ts', 'shared/evidence/artifact.ts'],
    tests: ['shared/evidence/artifact.test.ts', 'shared/evidence/canonical.test.ts'],
  },
  {
    name: 'mapping-engine',
    mutate: ['shared/mapping/engine.ts'],
    tests: ['shared/mapping/engine.test.ts', 'shared/mapping/engine-reasons.test.ts'],
  },
  {
    name: 'window-verdict',
    mutate: ['shared/window/verdict.ts', 'shared/window/rollup.ts'],
    tests: ['shared/window/verdict.test.ts', 'shared/window/rollup.test.ts', 'shared/window/scope.test.ts'],
    ci: true,
  },
  {
    name: 'window',
    mutate: [
      'shared/window/evaluate.ts',
      'shared/window/exceptions.ts',
      'shared/window/periods.ts',
      'shared/window/sample.ts',
    ],
    tests: [
      'shared/window/evaluate.test.ts',
      'shared/window/evaluate-windows.test.ts',
      'shared/window/exceptions.test.ts',
      'shared/window/periods.test.ts',
      'shared/window/time-zones.test.ts',
      'shared/window/sample.test.ts',
      'shared/window/scope.test.ts',
    ],
  },
  {
    name: 'snapshot-verify',
    mutate: ['shared/snapshot/verify.ts', 'shared/snapshot/verify-checks.ts', 'shared/snapshot/manifest.ts'],
    // The unit tests that tamper with one thing at a time and assert the check and the problem it names. Not
    // verify.test.ts and verify-log.test.ts (their tamperings of these three files are repeated here, on a smaller
    // snapshot; they stay in `npm test`): with them every mutant cost ~10 s instead of ~5 s. Not verify-bounds.test.ts:
    // it runs verify in a child process with a clean environment, which Stryker's active mutant (an environment
    // variable) never reaches, so it can kill no mutant.
    tests: [
      'shared/snapshot/manifest.test.ts',
      'shared/snapshot/manifest-parse.test.ts',
      'shared/snapshot/verify-checks.test.ts',
      'shared/snapshot/verify-tamper.test.ts',
    ],
  },
  {
    name: 'store',
    mutate: ['shared/locker/local-store.ts'],
    tests: ['shared/locker/local-store.test.ts'],
  },
];

interface Figures {
  mutants: number;
  killed: number;
  survived: number;
  timeout: number;
  noCoverage: number;
  invalid: number;
  ignored: number;
}

const zero = (): Figures => ({
  mutants: 0,
  killed: 0,
  survived: 0,
  timeout: 0,
  noCoverage: 0,
  invalid: 0,
  ignored: 0,
});

/** Stryker's mutation score: detected / (detected + undetected); invalid and ignored mutants do not count. */
const score = (f: Figures): number => {
  const valid = f.killed + f.timeout + f.survived + f.noCoverage;
  return valid === 0 ? 100 : (100 * (f.killed + f.timeout)) / valid;
};

function figuresOf(reportFile: string): Figures {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    files: Record<string, { mutants: { status: string }[] }>;
  };
  const f = zero();
  for (const file of Object.values(report.files))
    for (const { status } of file.mutants) {
      f.mutants++;
      if (status === 'Killed') f.killed++;
      else if (status === 'Survived') f.survived++;
      else if (status === 'Timeout') f.timeout++;
      else if (status === 'NoCoverage') f.noCoverage++;
      else if (status === 'Ignored') f.ignored++;
      else f.invalid++;
    }
  return f;
}

function runModule(m: CoreModule, outDir: string): Figures {
  const base = JSON.parse(readFileSync('stryker.config.json', 'utf8')) as Record<string, unknown>;
  const reportFile = path.join(outDir, `${m.name}.json`);
  const configFile = path.join(outDir, `${m.name}.stryker.json`);
  writeFileSync(
    configFile,
    JSON.stringify({ ...base, $schema: undefined, mutate: m.mutate, jsonReporter: { fileName: reportFile } }),
  );
  console.log(`\n== ${m.name}: ${m.mutate.join(', ')} (tests: ${m.tests.join(', ')})`);
  const run = spawnSync('npx', ['stryker', 'run', configFile], {
    stdio: 'inherit',
    env: { ...process.env, FLUX_MUTATE_TESTS: m.tests.join(',') },
  });
  // A run below the break threshold exits 1 but still writes its report; anything else is a real failure.
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`stryker failed on ${m.name} (exit ${run.status})`);
  return figuresOf(reportFile);
}

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--ci' && !MODULES.some((m) => m.name === a));
if (unknown.length > 0) {
  console.error(`unknown module(s) ${unknown.join(', ')}; known: ${MODULES.map((m) => m.name).join(', ')}`);
  process.exit(2);
}
const named = args.filter((a) => a !== '--ci');
const chosen =
  named.length > 0
    ? named.map((n) => MODULES.find((m) => m.name === n)!)
    : MODULES.filter((m) => (args.includes('--ci') ? m.ci === true : true));
const breakAt = (JSON.parse(readFileSync('stryker.config.json', 'utf8')) as { thresholds: { break: number } })
  .thresholds.break;
const outDir = 'reports/mutation';
mkdirSync(outDir, { recursive: true });

const rows = chosen.map((m) => ({ name: m.name, f: runModule(m, outDir) }));
const total = zero();
for (const { f } of rows) for (const k of Object.keys(total) as (keyof Figures)[]) total[k] += f[k];

const line = (name: string, f: Figures): string =>
  [name.padEnd(18), f.mutants, f.killed, f.survived, f.timeout, f.noCoverage, f.invalid, f.ignored]
    .map((v) => String(v).padStart(typeof v === 'number' ? 8 : 18))
    .join('') + `${score(f).toFixed(2).padStart(9)}%`;
console.log('\nmodule             mutants  killed survived timeout  no-cov invalid ignored    score');
for (const { name, f } of rows) console.log(line(name, f));
console.log(line('total', total));
const low = rows.filter(({ f }) => score(f) < breakAt).map(({ name }) => name);
if (low.length > 0) {
  console.error(`below the break threshold of ${breakAt}%: ${low.join(', ')}`);
  process.exit(1);
}

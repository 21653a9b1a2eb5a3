// Runs the pinned checkov's CloudFormation checks (infra/checkov.yaml) on a cdk.out directory's templates and on the
// member-account role; exits 1 on any failed check or unparsed template. Usage: tsx infra/scripts/checkov.ts [cdk.out]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DependencyError } from '../../shared/errors.js';
import { resolveCheckov } from './checkov-tool.js';

/** The checkov configuration (framework, skipped checks with their reasons), relative to the repository root. */
export const CHECKOV_CONFIG = 'infra/checkov.yaml';
/** The member-account role template, scanned beside the synthesized stacks. */
export const MEMBER_ROLE_TEMPLATE = 'infra/member-account-role.yaml';

/** One failed or suppressed check. */
export interface CheckovFinding {
  readonly id: string;
  readonly name: string;
  readonly resource: string;
  readonly file: string;
  /** The reason given for a resource-level suppression. */
  readonly comment?: string;
}

export interface CheckovSummary {
  readonly passed: number;
  readonly failed: readonly CheckovFinding[];
  readonly skipped: readonly CheckovFinding[];
  readonly parsingErrors: readonly string[];
  readonly version: string;
}

/** Every `*.template.json` in a cloud assembly, nested assemblies (stages) included, sorted. */
export function templatesIn(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (name.endsWith('.template.json')) return [path];
      return name.startsWith('assembly-') && statSync(path).isDirectory() ? templatesIn(path) : [];
    });
}

type Check = {
  check_id: string;
  check_name: string;
  resource: string;
  file_path: string;
  check_result?: { suppress_comment?: string };
};
type Report = {
  results?: { failed_checks?: Check[]; skipped_checks?: Check[]; parsing_errors?: string[] };
  summary: { passed: number; checkov_version?: string };
};

const finding = (c: Check): CheckovFinding => ({
  id: c.check_id,
  name: c.check_name,
  resource: c.resource,
  file: c.file_path.replace(/^(\/\.\.)+/, ''),
  ...(c.check_result?.suppress_comment ? { comment: c.check_result.suppress_comment } : {}),
});

/** Folds checkov's JSON output (one report, or one per framework) into one summary. */
export function summarizeCheckov(json: string): CheckovSummary {
  const parsed = JSON.parse(json) as Report | Report[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  return {
    passed: reports.reduce((n, r) => n + r.summary.passed, 0),
    failed: reports.flatMap((r) => r.results?.failed_checks ?? []).map(finding),
    skipped: reports.flatMap((r) => r.results?.skipped_checks ?? []).map(finding),
    parsingErrors: reports.flatMap((r) => r.results?.parsing_errors ?? []),
    version: reports[0]?.summary.checkov_version ?? 'unknown',
  };
}

/** Runs checkov with {@link CHECKOV_CONFIG} on the given templates (paths relative to `root` or absolute). */
export function runCheckov(root: string, files: readonly string[], log: (l: string) => void): CheckovSummary {
  const checkov = resolveCheckov(root, log);
  const r = spawnSync(
    checkov,
    ['--config-file', CHECKOV_CONFIG, '--output', 'json', ...files.flatMap((f) => ['--file', f])],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 600_000 },
  );
  // Exit codes: 0 all passed, 1 some failed; anything else (or no JSON) means it did not run.
  if (r.error || (r.status !== 0 && r.status !== 1) || !/^[[{]/.test(r.stdout.trim())) {
    const why = r.error?.message ?? r.stderr.trim().slice(-1500);
    throw new DependencyError('checkov', `did not run (exit ${r.status}): ${why}`);
  }
  return summarizeCheckov(r.stdout);
}

function main(): number {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const out = resolve(process.argv[2] ?? join(root, 'cdk.out'));
  const templates = existsSync(out) ? templatesIn(out) : [];
  if (!templates.length) {
    console.error(`no *.template.json in ${out}: run npx cdk synth first (or pass the cdk.out directory)`);
    return 1;
  }
  const files = [...templates, join(root, MEMBER_ROLE_TEMPLATE)];
  const s = runCheckov(root, files, (l) => console.log(l));
  for (const f of s.skipped)
    console.log(`suppressed ${f.id} on ${f.resource} (${f.file}): ${f.comment ?? ''}`);
  for (const f of s.failed) console.error(`FAILED ${f.id} ${f.name}\n  ${f.resource} (${f.file})`);
  for (const e of s.parsingErrors) console.error(`could not parse ${e}`);
  const names = files.map((f) => relative(root, f)).join(', ');
  console.log(
    `checkov ${s.version} on ${names}: ${s.passed} checks passed, ${s.failed.length} failed, ` +
      `${s.skipped.length} suppressed on resources (global skips with reasons: ${CHECKOV_CONFIG})`,
  );
  const unexplained = s.skipped.filter((f) => (f.comment ?? '').trim().length < 20);
  for (const f of unexplained) console.error(`suppression of ${f.id} on ${f.resource} gives no reason`);
  const ok = s.failed.length === 0 && s.parsingErrors.length === 0 && s.passed > 0 && !unexplained.length;
  return ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    process.exitCode = main();
  } catch (e) {
    if (!(e instanceof DependencyError)) throw e;
    console.error(e.message);
    process.exitCode = 1;
  }
}

// Makes sure the Prowler pinned in requirements-bench.txt is installed in the git-ignored `.bench-venv`,
// for the collection benchmark only (tests never use Prowler). `tsx scripts/ensure-prowler.ts` installs it ahead
// of time; bench/collect.ts calls ensureProwler() itself.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DependencyError } from '../shared/errors.js';

export const BENCH_VENV = '.bench-venv';

/** Prowler supports Python 3.10 to 3.13. */
const PYTHONS = ['python3', 'python3.12', 'python3.11', 'python3.10', 'python3.13'];

/** The prowler version pinned in requirements-bench.txt. */
export function pinnedProwlerVersion(root: string): string {
  const text = readFileSync(join(root, 'requirements-bench.txt'), 'utf8');
  const match = /^prowler==([\w.]+)/m.exec(text);
  if (!match?.[1])
    throw new DependencyError('requirements-bench.txt', 'has no pinned prowler==<version> line');
  return match[1];
}

function prowlerVersionOf(python: string): string | undefined {
  const r = spawnSync(python, ['-c', 'import importlib.metadata as m; print(m.version("prowler"))'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function supportedPython(): string | undefined {
  return PYTHONS.find((p) => {
    const r = spawnSync(
      p,
      ['-c', 'import sys; print(sys.version_info[0] == 3 and 10 <= sys.version_info[1] <= 13)'],
      {
        encoding: 'utf8',
      },
    );
    return r.status === 0 && r.stdout.trim() === 'True';
  });
}

/**
 * Returns the path of the `prowler` executable of `.bench-venv`, first creating the virtualenv and installing
 * the pinned version from requirements-bench.txt when it is missing or holds another version (one time,
 * a few minutes). Throws DependencyError when Python or pip cannot provide it.
 */
export function ensureProwler(root: string, log: (line: string) => void = () => {}): string {
  const pin = pinnedProwlerVersion(root);
  const venv = join(root, BENCH_VENV);
  const python = join(venv, 'bin', 'python');
  const prowler = join(venv, 'bin', 'prowler');
  if (existsSync(python) && prowlerVersionOf(python) === pin && existsSync(prowler)) return prowler;
  if (!existsSync(python)) {
    const system = supportedPython();
    if (!system) throw new DependencyError('python', 'Prowler needs Python 3.10-3.13; install one and retry');
    log(`creating ${BENCH_VENV} with ${system}...`);
    const mk = spawnSync(system, ['-m', 'venv', venv], { encoding: 'utf8' });
    if (mk.status !== 0)
      throw new DependencyError('python venv', `cannot create ${BENCH_VENV}: ${mk.stderr.trim()}`);
  }
  log(`installing prowler ${pin} into ${BENCH_VENV} (one time, a few minutes)...`);
  const pip = spawnSync(python, ['-m', 'pip', 'install', '-q', '-r', join(root, 'requirements-bench.txt')], {
    encoding: 'utf8',
    timeout: 1_200_000,
  });
  if (pip.status !== 0) {
    throw new DependencyError(
      'prowler',
      `pip could not install prowler ${pin}: ${(pip.stderr ?? '').trim().slice(-2000)}`,
    );
  }
  if (prowlerVersionOf(python) !== pin || !existsSync(prowler)) {
    throw new DependencyError('prowler', `prowler ${pin} is not usable after install`);
  }
  return prowler;
}

/** The pinned Prowler's AWS compliance files (`prowler/compliance/aws/`), installing it first when needed. */
export function prowlerComplianceDir(root: string, log: (line: string) => void = () => {}): string {
  const python = join(dirname(ensureProwler(root, log)), 'python');
  const r = spawnSync(python, ['-c', 'import prowler, os; print(os.path.dirname(prowler.__file__))'], {
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new DependencyError('prowler', `cannot locate the prowler package: ${r.stderr.trim()}`);
  return join(r.stdout.trim(), 'compliance', 'aws');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = process.cwd();
  const prowler = ensureProwler(root, (l) => console.log(l));
  console.log(`prowler ${pinnedProwlerVersion(root)} ready (${prowler})`);
}

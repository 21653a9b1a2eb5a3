// Makes sure the compliance-trestle pinned in requirements-oscal.txt is installed in the git-ignored `.oscal-venv`
// (CI's independent OSCAL reader; the product never needs it). `tsx scripts/ensure-trestle.ts` installs it ahead of
// time; scripts/validate-oscal.ts calls ensureTrestle() itself.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DependencyError } from '../shared/errors.js';

export const OSCAL_VENV = '.oscal-venv';

/** The compliance-trestle version pinned in requirements-oscal.txt. */
export function pinnedTrestleVersion(root: string): string {
  const text = readFileSync(join(root, 'requirements-oscal.txt'), 'utf8');
  const match = /^compliance-trestle==([\w.]+)/m.exec(text);
  if (!match?.[1])
    throw new DependencyError('requirements-oscal.txt', 'has no pinned compliance-trestle==<version> line');
  return match[1];
}

const versionOf = (python: string): string | undefined => {
  const r = spawnSync(
    python,
    ['-c', 'import importlib.metadata as m; print(m.version("compliance-trestle"))'],
    { encoding: 'utf8', timeout: 60_000 },
  );
  return r.status === 0 ? r.stdout.trim() : undefined;
};

/** Returns the Python of `.oscal-venv`, creating it and installing the pinned trestle first when needed. */
export function ensureTrestle(root: string, log: (line: string) => void = () => {}): string {
  const pin = pinnedTrestleVersion(root);
  const venv = join(root, OSCAL_VENV);
  const python = join(venv, 'bin', 'python');
  if (existsSync(python) && versionOf(python) === pin) return python;
  if (!existsSync(python)) {
    log(`creating ${OSCAL_VENV}...`);
    const mk = spawnSync('python3', ['-m', 'venv', venv], { encoding: 'utf8' });
    if (mk.status !== 0)
      throw new DependencyError('python venv', `cannot create ${OSCAL_VENV}: ${(mk.stderr ?? '').trim()}`);
  }
  log(`installing compliance-trestle ${pin} into ${OSCAL_VENV} (one time, about a minute)...`);
  const pip = spawnSync(python, ['-m', 'pip', 'install', '-q', '-r', join(root, 'requirements-oscal.txt')], {
    encoding: 'utf8',
    timeout: 900_000,
  });
  if (pip.status !== 0 || versionOf(python) !== pin)
    throw new DependencyError(
      'compliance-trestle',
      `pip could not install ${pin}: ${(pip.stderr ?? '').trim().slice(-2000)}`,
    );
  return python;
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const python = ensureTrestle(process.cwd(), (l) => console.log(l));
  console.log(`compliance-trestle ${pinnedTrestleVersion(process.cwd())} ready (${python})`);
}

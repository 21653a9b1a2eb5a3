// Finds the pinned checkov (requirements-checkov.txt): the one on PATH when its version matches the pin, else the
// one in the git-ignored .checkov-venv, installing the pin there when missing. Its own venv: checkov pins boto3
// and friends, which must not move moto's (.moto-venv).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DependencyError } from '../../shared/errors.js';

export const CHECKOV_VENV = '.checkov-venv';
const REQUIREMENTS = 'requirements-checkov.txt';

/** The checkov version pinned in requirements-checkov.txt. */
export function pinnedCheckovVersion(root: string): string {
  const text = readFileSync(join(root, REQUIREMENTS), 'utf8');
  const match = /^checkov==([\w.]+)\s*$/m.exec(text);
  if (!match?.[1]) throw new DependencyError(REQUIREMENTS, 'has no pinned checkov==<version> line');
  return match[1];
}

function versionOf(bin: string): string | undefined {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 120_000 });
  return r.status === 0 ? /(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1] : undefined;
}

/**
 * The path of a checkov executable whose version equals the pin. Installs the pin into `.checkov-venv` when
 * neither PATH nor the venv has it; throws DependencyError saying what to do when that is impossible.
 */
export function resolveCheckov(root: string, log: (line: string) => void = () => {}): string {
  const pin = pinnedCheckovVersion(root);
  const venvBin = join(root, CHECKOV_VENV, 'bin', 'checkov');
  for (const bin of ['checkov', venvBin]) {
    if ((!bin.includes('/') || existsSync(bin)) && versionOf(bin) === pin) return bin;
  }
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!python) {
    throw new DependencyError(
      'python',
      `checkov ${pin} is needed: install python3 (3.9 or later), or checkov==${pin} on PATH`,
    );
  }
  log(`installing checkov ${pin} into ${CHECKOV_VENV} (one time, about a minute)...`);
  const venvPython = join(root, CHECKOV_VENV, 'bin', 'python');
  if (!existsSync(venvPython)) {
    const mk = spawnSync(python, ['-m', 'venv', join(root, CHECKOV_VENV)], { encoding: 'utf8' });
    if (mk.status !== 0) {
      throw new DependencyError(
        'python venv',
        `cannot create ${CHECKOV_VENV}: ${mk.stderr.trim()} (on Debian: apt-get install python3-venv)`,
      );
    }
  }
  const pip = spawnSync(
    venvPython,
    ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', '-r', join(root, REQUIREMENTS)],
    { encoding: 'utf8', timeout: 900_000 },
  );
  if (pip.status !== 0 || versionOf(venvBin) !== pin) {
    throw new DependencyError(
      'checkov',
      `could not install checkov ${pin} into ${CHECKOV_VENV} (pip install -r ${REQUIREMENTS}): ${pip.stderr?.trim().slice(-1500)}`,
    );
  }
  return venvBin;
}

// Finds the pinned cfn-lint (requirements-dev.txt) for the infra tests: the one on PATH when its version
// matches the pin, else the one in the git-ignored .moto-venv, installing the pin there when missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DependencyError } from '../../shared/errors.js';

const VENV_DIR = '.moto-venv';

/** The cfn-lint version pinned in requirements-dev.txt. */
export function pinnedCfnLintVersion(root: string): string {
  const text = readFileSync(join(root, 'requirements-dev.txt'), 'utf8');
  const match = /^cfn-lint==([\w.]+)/m.exec(text);
  if (!match?.[1])
    throw new DependencyError('requirements-dev.txt', 'has no pinned cfn-lint==<version> line');
  return match[1];
}

function versionOf(bin: string): string | undefined {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? /(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1] : undefined;
}

/**
 * The path of a cfn-lint executable whose version equals the pin. Installs the pin into `.moto-venv` when
 * neither PATH nor the venv has it; throws DependencyError saying what to do when that is impossible.
 */
export function resolveCfnLint(root: string, log: (line: string) => void = () => {}): string {
  const pin = pinnedCfnLintVersion(root);
  const venvBin = join(root, VENV_DIR, 'bin', 'cfn-lint');
  for (const bin of ['cfn-lint', venvBin]) {
    if ((!bin.includes('/') || existsSync(bin)) && versionOf(bin) === pin) return bin;
  }
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!python)
    throw new DependencyError('python', `cfn-lint ${pin} is needed: install python3 (or cfn-lint==${pin})`);
  log(`installing cfn-lint ${pin} into ${VENV_DIR} (one time)...`);
  const venvPython = join(root, VENV_DIR, 'bin', 'python');
  if (!existsSync(venvPython)) {
    const mk = spawnSync(python, ['-m', 'venv', join(root, VENV_DIR)], { encoding: 'utf8' });
    if (mk.status !== 0)
      throw new DependencyError('python venv', `cannot create ${VENV_DIR}: ${mk.stderr.trim()}`);
  }
  const pip = spawnSync(
    venvPython,
    ['-m', 'pip', 'install', '-q', '-r', join(root, 'requirements-dev.txt')],
    { encoding: 'utf8', timeout: 600_000 },
  );
  if (pip.status !== 0 || versionOf(venvBin) !== pin) {
    throw new DependencyError(
      'cfn-lint',
      `could not install cfn-lint ${pin} into ${VENV_DIR} (pip install -r requirements-dev.txt): ${pip.stderr?.trim().slice(-1500)}`,
    );
  }
  return venvBin;
}

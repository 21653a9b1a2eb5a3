// Finds a Python command-line tool at the version a requirements file pins: the one on PATH when its version
// matches, else the one in a git-ignored virtualenv, installing the requirements there when missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DependencyError } from '../../shared/errors.js';

export interface PinnedTool {
  /** The executable and package name, e.g. `cfn-lint`. */
  readonly name: string;
  /** The requirements file (repository root) holding a `<name>==<version>` line. */
  readonly requirements: string;
  /** The virtualenv directory (repository root) it is installed into when PATH lacks the pin. */
  readonly venv: string;
  /** How long pip may take. */
  readonly installTimeoutMs: number;
}

/** The version a tool's requirements file pins. */
export function pinnedVersion(root: string, tool: PinnedTool): string {
  const text = readFileSync(join(root, tool.requirements), 'utf8');
  const escaped = tool.name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const match = new RegExp(`^${escaped}==([\\w.]+)\\s*$`, 'm').exec(text);
  if (!match?.[1]) throw new DependencyError(tool.requirements, `has no pinned ${tool.name}==<version> line`);
  return match[1];
}

function versionOf(bin: string): string | undefined {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 120_000 });
  return r.status === 0 ? /(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1] : undefined;
}

/**
 * The path of the tool's executable at the pinned version. Installs the requirements into the tool's venv when
 * neither PATH nor the venv has it; throws DependencyError saying what to do when that is impossible.
 */
export function resolvePinnedTool(
  root: string,
  tool: PinnedTool,
  log: (line: string) => void = () => {},
): string {
  const pin = pinnedVersion(root, tool);
  const venvBin = join(root, tool.venv, 'bin', tool.name);
  for (const bin of [tool.name, venvBin]) {
    if ((!bin.includes('/') || existsSync(bin)) && versionOf(bin) === pin) return bin;
  }
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!python) {
    throw new DependencyError(
      'python',
      `${tool.name} ${pin} is needed: install python3 (3.9 or later), or ${tool.name}==${pin} on PATH`,
    );
  }
  log(`installing ${tool.name} ${pin} into ${tool.venv} (one time)...`);
  const venvPython = join(root, tool.venv, 'bin', 'python');
  if (!existsSync(venvPython)) {
    const mk = spawnSync(python, ['-m', 'venv', join(root, tool.venv)], { encoding: 'utf8' });
    if (mk.status !== 0) {
      throw new DependencyError(
        'python venv',
        `cannot create ${tool.venv}: ${mk.stderr.trim()} (on Debian: apt-get install python3-venv)`,
      );
    }
  }
  const pip = spawnSync(
    venvPython,
    ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', '-r', join(root, tool.requirements)],
    { encoding: 'utf8', timeout: tool.installTimeoutMs },
  );
  if (pip.status !== 0 || versionOf(venvBin) !== pin) {
    throw new DependencyError(
      tool.name,
      `could not install ${tool.name} ${pin} into ${tool.venv} (pip install -r ${tool.requirements}): ${pip.stderr?.trim().slice(-1500)}`,
    );
  }
  return venvBin;
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DependencyError } from '../errors.js';

/**
 * Starts and stops moto (the Python AWS emulator) in server mode on loopback, for tests, the demo and
 * the benchmarks. Uses the preinstalled moto when it matches the pin in requirements-moto.txt, and
 * otherwise installs the pin into the git-ignored virtualenv `.moto-venv`.
 */
export interface MotoServer {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface MotoOptions {
  /** Project root holding requirements-moto.txt and (if needed) .moto-venv. */
  root: string;
  /** Extra environment for the server process. */
  env?: Record<string, string>;
  /** Print what is being installed. */
  log?: (line: string) => void;
}

const VENV_DIR = '.moto-venv';

/** The moto version pinned in requirements-moto.txt. */
export function pinnedMotoVersion(root: string): string {
  const text = readFileSync(join(root, 'requirements-moto.txt'), 'utf8');
  const match = /^moto(?:\[[^\]]*\])?==([\w.]+)/m.exec(text);
  if (!match?.[1]) throw new DependencyError('requirements-moto.txt', 'has no pinned moto==<version> line');
  return match[1];
}

function motoVersionOf(python: string): string | undefined {
  const r = spawnSync(python, ['-c', 'import moto, flask, flask_cors; print(moto.__version__)'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Finds (or installs) a Python interpreter whose moto matches the pin. Synchronous: called once per run. */
export function resolveMotoPython(root: string, log: (line: string) => void = () => {}): string {
  const pin = pinnedMotoVersion(root);
  const venvPython = join(root, VENV_DIR, 'bin', 'python');
  const candidates = [venvPython, process.env.FLUX_PYTHON, 'python3', 'python'].filter(
    (p): p is string => !!p && (!p.includes('/') || existsSync(p)),
  );
  for (const python of candidates) {
    if (motoVersionOf(python) === pin) return python;
  }
  const systemPython = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!systemPython) {
    throw new DependencyError(
      'python',
      'Python 3 is needed to run the AWS emulator (moto); install python3 and retry',
    );
  }
  log(`installing moto ${pin} into ${VENV_DIR} (one time)...`);
  const mk = spawnSync(systemPython, ['-m', 'venv', join(root, VENV_DIR)], { encoding: 'utf8' });
  if (mk.status !== 0)
    throw new DependencyError('python venv', `cannot create ${VENV_DIR}: ${mk.stderr.trim()}`);
  const pip = spawnSync(
    venvPython,
    ['-m', 'pip', 'install', '-q', '-r', join(root, 'requirements-moto.txt')],
    {
      encoding: 'utf8',
      timeout: 600_000,
    },
  );
  if (pip.status !== 0) {
    throw new DependencyError('moto', `pip could not install moto ${pin}: ${pip.stderr.trim().slice(-2000)}`);
  }
  if (motoVersionOf(venvPython) !== pin)
    throw new DependencyError('moto', `moto ${pin} did not import after install`);
  return venvPython;
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new DependencyError(
        'moto_server',
        `exited with code ${child.exitCode}: ${stderr().slice(-1000)}`,
      );
    }
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new DependencyError('moto_server', `did not answer on ${endpoint} within 60 s`);
}

/** Starts one moto server on a free loopback port and waits until it answers. */
export async function startMoto(options: MotoOptions): Promise<MotoServer> {
  const python = resolveMotoPython(options.root, options.log);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  await waitReady(endpoint, child, () => err);
  return {
    endpoint,
    port,
    pid: child.pid ?? -1,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** Wipes all emulator state (between test files). */
export async function resetMoto(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new DependencyError('moto_server', `reset failed with HTTP ${res.status}`);
}

import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { FluxConfig } from '../config/schema.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { ManualDeps } from '../manual/add.js';
import { manualApi, type ManualApi } from '../manual/remote.js';
import { loadCatalog } from './catalog.js';
import { CliExit, CODES, type CommandInput } from './common.js';
import { withBackend } from './context.js';
import type { Backend } from './backend.js';
import type { CliIo } from './output.js';

/** The instant `FLUX_NOW` pins (scripted demos and tests), or undefined; exit 2 when it is not an ISO instant. */
export function envNow(io: CliIo, name: string): Date | undefined {
  const now = io.env.FLUX_NOW ? new Date(io.env.FLUX_NOW) : undefined;
  if (now && Number.isNaN(now.getTime())) {
    io.err(`flux-evidence ${name}: FLUX_NOW is not an ISO instant: ${io.env.FLUX_NOW}\n`);
    throw new CliExit(CODES.USAGE, 'bad FLUX_NOW');
  }
  return now;
}

/**
 * The deployment's upload API, signed with the default AWS credential chain (AWS_PROFILE, SSO, environment). In a
 * deployment, people's statements reach the log only through it (the sequencer is the log's one writer); without
 * `deployment.snapshotApiUrl` a write is refused as a usage error and nothing is stored.
 */
function deployedApi(config: FluxConfig): ManualApi {
  const d = config.deployment!;
  if (!d.snapshotApiUrl) {
    return () =>
      Promise.reject(
        new ValidationError('deployment', [
          "deployment.snapshotApiUrl is not set: manual evidence is added through the deployment's HTTP API " +
            '(flux-evidence deployment import <cdk-outputs.json> sets it)',
        ]),
      );
  }
  return manualApi(d.snapshotApiUrl, fromNodeProviderChain(), d.region);
}

/**
 * Runs a manual-evidence command with its dependencies (log, store, catalogs, clock). Against a deployment `api`
 * is its upload API, which writes go through; it is undefined for the local locker. Bad input (a ValidationError
 * or an unknown id) is a usage error: every problem on stderr, exit 2, and nothing was stored (the operations check
 * all input before writing). `FLUX_NOW` (an ISO instant) pins the clock, for scripted demos and tests.
 */
export async function withManual(
  input: CommandInput,
  io: CliIo,
  name: string,
  body: (deps: ManualDeps, backend: Backend, api: ManualApi | undefined) => Promise<number>,
): Promise<number> {
  const now = envNow(io, name);
  const clock = () => now ?? new Date();
  return withBackend(
    input,
    io,
    async (config, backend) => {
      const catalog = loadCatalog();
      const deps: ManualDeps = {
        ledger: backend.ledger,
        blobs: backend.blobs,
        frameworks: catalog.frameworks,
        controls: catalog.controls,
        clock,
      };
      try {
        return await body(deps, backend, backend.kind === 'deployed' ? deployedApi(config) : undefined);
      } catch (e) {
        if (e instanceof ValidationError) {
          io.err(`flux-evidence ${name}: ${e.issues.join('\n  ')}\n`);
          throw new CliExit(CODES.USAGE, e.message);
        }
        if (e instanceof NotFoundError && e.details.what === 'manual evidence') {
          io.err(`flux-evidence ${name}: ${e.message}\n`);
          throw new CliExit(CODES.USAGE, e.message);
        }
        throw e;
      }
    },
    { clock },
  );
}

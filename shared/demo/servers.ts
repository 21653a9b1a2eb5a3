import { startMoto, resetMoto, type MotoServer } from '../emulator/moto-server.js';
import { startEmulatorGapProxy } from './emulator-gaps.js';
import { buildScenario, FIXTURE_TOKEN, startGitHubFixture, type GitHubFixture } from './github/server.js';
import { OKTA_FIXTURE_TOKEN, startOktaFixture, type OktaFixture } from './idp/okta-server.js';

/** Every process and server the demo runs; `stop()` ends them all (idempotent). */
export interface DemoServers {
  /** The emulator itself (seeding and the stories' changes). */
  readonly awsEndpoint: string;
  /** What the collectors call: the emulator behind a proxy that answers the operations moto lacks (emulator-gaps.ts). */
  readonly collectEndpoint: string;
  readonly github: GitHubFixture;
  readonly okta: OktaFixture;
  /** Source secrets for the fixture servers, as local-run overrides (never real credentials). */
  readonly secretEnv: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * Starts (or, with `motoEndpoint`, resets and reuses) the AWS emulator, and starts the GitHub and Okta fixture
 * servers. A failure part-way stops what was already started.
 */
export async function startDemoServers(opts: {
  root: string;
  motoEndpoint?: string;
  githubNow: Date;
  log: (l: string) => void;
}): Promise<DemoServers> {
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const s of started.splice(0).reverse()) await s.stop().catch(() => undefined);
  };
  try {
    let endpoint = opts.motoEndpoint;
    if (endpoint) await resetMoto(endpoint);
    else {
      const moto: MotoServer = await startMoto({ root: opts.root, log: opts.log });
      started.push(moto);
      endpoint = moto.endpoint;
      opts.log(`moto (AWS emulator) on ${endpoint}, pid ${moto.pid}`);
    }
    const gaps = await startEmulatorGapProxy(endpoint);
    started.push({ stop: () => gaps.close() });
    const github = await startGitHubFixture(
      buildScenario({ org: 'acme-analytics', now: opts.githubNow, repos: 4, mergedPrsPerRepo: 3, alerts: 2 }),
    );
    started.push({ stop: () => github.close() });
    const okta = await startOktaFixture();
    started.push({ stop: () => okta.close() });
    opts.log(`GitHub fixture on ${github.baseUrl}, Okta fixture on ${okta.url}`);
    let stopped: Promise<void> | undefined;
    return {
      awsEndpoint: endpoint,
      collectEndpoint: gaps.endpoint,
      github,
      okta,
      secretEnv: { GITHUB_TOKEN: FIXTURE_TOKEN, OKTA_API_TOKEN: OKTA_FIXTURE_TOKEN },
      stop: () => (stopped ??= stopAll()),
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

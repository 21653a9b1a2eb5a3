import { existsSync, readFileSync } from 'node:fs';
import { App, Validations, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { collectors as registry } from '../shared/collectors/registry.js';
import type { Collector } from '../shared/kernel/types.js';
import type { FluxConfig } from '../shared/config/schema.js';
import { ConfigError } from '../shared/errors.js';
import { loadConfigFile } from '../shared/config/load.js';
import { STACKS } from '../shared/doctor/names.js';
import { FluxChecks } from './nag/flux-checks.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

/** The feature flags and context of cdk.json, for apps built outside the CLI (tests, bench). */
export function cdkJsonContext(): Record<string, unknown> {
  const file = new URL('../cdk.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { context: Record<string, unknown> }).context;
}

const STACK_NAMES = STACKS;

/** The file a deployment's configuration is written to (the refusal below names it). */
const CONFIG_FILE = 'flux.config.json';

/**
 * Where the configuration is read from: context `config`, else FLUX_CONFIG, else flux.config.json. Without any,
 * refuses (ConfigError naming the file to write): a deployment must never fall back to the example's auditors,
 * account ids and 6-year COMPLIANCE lock. CI synthesizes the example explicitly (`-c config=flux.config.example.json`).
 */
export function resolveConfigPath(
  contextPath: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  exists: (p: string) => boolean = existsSync,
): string {
  const explicit = contextPath ?? env.FLUX_CONFIG;
  if (explicit) return explicit;
  if (exists(CONFIG_FILE)) return CONFIG_FILE;
  throw new ConfigError([
    `${CONFIG_FILE}: not found. Write it (start from flux.config.example.json; docs/DEPLOY.md, step 2) or pass -c config=<file>`,
  ]);
}

/** Rejects configuration that names collectors the registry does not know (a typo would silently disable nothing). */
function checkCollectorIds(config: FluxConfig, known: readonly Collector[]): void {
  const ids = new Set(known.map((c) => c.meta.id));
  const bad = Object.keys(config.collectors).filter((id) => !ids.has(id));
  if (bad.length) throw new ConfigError(bad.map((id) => `collectors.${id}: no collector with this id`));
}

export interface BuildOptions {
  readonly config: FluxConfig;
  readonly collectors?: readonly Collector[];
  readonly env?: Environment;
  /** Run cdk-nag (AwsSolutions + Flux checks) at synthesis; on by default. */
  readonly nag?: boolean;
}

/** Composes the two stacks into an app. */
export function buildFluxApp(
  app: App,
  options: BuildOptions,
): { stateful: StatefulStack; stateless: StatelessStack } {
  const collectors = options.collectors ?? registry;
  checkCollectorIds(options.config, collectors);
  const env =
    options.env ?? (options.config.deployment ? { region: options.config.deployment.region } : undefined);
  const common = { config: options.config, ...(env ? { env } : {}) };
  const stateful = new StatefulStack(app, STACK_NAMES.stateful, {
    ...common,
    description: 'Flux Evidence: evidence bucket, ledger table and keys (stateful)',
  });
  const stateless = new StatelessStack(app, STACK_NAMES.stateless, {
    ...common,
    description: 'Flux Evidence: collectors, fan-out, mapper, sequencer and alerts (stateless)',
    collectors,
    data: stateful.data,
    signingKey: stateful.signing.key,
  });
  stateless.addStackDependency(stateful);
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new FluxChecks(app));
  return { stateful, stateless };
}

/** The CDK app entry: loads and validates the configuration (ConfigError lists every bad key), then builds. */
export function main(app = new App()): App {
  const path = resolveConfigPath(app.node.tryGetContext('config') as string | undefined, process.env);
  const config = loadConfigFile(path);
  buildFluxApp(app, {
    config,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  return app;
}

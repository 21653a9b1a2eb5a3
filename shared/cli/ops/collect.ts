import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsConnection } from '../../sources/aws/clients.js';
import {
  RECONCILIATION_ID,
  RECONCILIATION_SCOPE,
  reconciliationExtras,
} from '../../collectors/access-reconciliation/extras.js';
import { collectAll, type UnitFailure } from '../../kernel/collect-all.js';
import { planUnits, type CollectionUnit } from '../../kernel/plan.js';
import { collectors as registry } from '../../collectors/registry.js';
import type { RunResult } from '../../kernel/runner.js';
import type { Collector, RawExtras } from '../../kernel/types.js';
import type { FluxConfig } from '../../config/schema.js';
import { ValidationError } from '../../errors.js';
import type { Scope } from '../../evidence/envelope.js';
import { createGitHubClient } from '../../sources/github/client.js';
import { githubExtras } from '../../sources/github/extras.js';
import { resolveGitHubAuth } from '../../sources/github/secrets.js';
import { buildIdpExtras } from '../../sources/idp/extras.js';
import { rulesForCollectors } from '../../rules/registry.js';
import { checkedAppender, type LogAppender } from '../../ledger/append-request.js';
import { recoverOrphans, removeTemporaryFiles } from '../../locker/recover.js';
import {
  coverageKey,
  coverageStatement,
  recordCoverage,
  type LoggedCoverage,
  type UnitFault,
  type UnitReport,
} from '../../ledger/coverage.js';
import { scopeKey } from '../../kernel/runner.js';
import { sha256Hex } from '../../evidence/canonical.js';
import type { Backend } from '../backend.js';

export interface CollectRunOptions {
  /** Collector ids to run (default: every enabled collector whose source is configured). */
  readonly only?: readonly string[];
  readonly now: () => Date;
  /** The AWS connection: `{}` uses the SDK's default credential chain (AWS_PROFILE, env, SSO, instance role). */
  readonly connection: AwsConnection;
  /** Region for STS, Organizations and global services. */
  readonly homeRegion: string;
  /** Local overrides for source secrets (GITHUB_TOKEN, OKTA_API_TOKEN, ...); Secrets Manager otherwise. */
  readonly secretEnv?: Readonly<Record<string, string | undefined>>;
  /** Extra collector extras (tests and the demo inject fixture transports). */
  readonly extras?: RawExtras;
  readonly onResult?: (r: RunResult, done: number, total: number) => void;
  /** Provenance notes for every artifact of the run (`collect --at` labels a back-fill). */
  readonly notes?: readonly string[];
}

export interface CollectRunSummary {
  readonly units: number;
  readonly stored: number;
  readonly unchanged: number;
  /** Units whose artifact records source errors (AccessDenied, not implemented...): their controls are UNKNOWN. */
  readonly withErrors: number;
  readonly results: readonly RunResult[];
  readonly failures: readonly UnitFailure[];
  /** Local locker: objects a crashed run stored but never logged, appended before this run's evidence. */
  readonly recovered?: readonly string[];
  /** The run's coverage attestation (planned units and what became of each), logged as a coverage leaf. */
  readonly coverage?: LoggedCoverage;
}

/** The org or tenant a non-AWS collector reads, or undefined when its source is not configured. */
function sourceScope(collector: Collector, config: FluxConfig): Scope | undefined {
  const idp = config.identityProviders;
  switch (collector.meta.source) {
    case 'github':
      return config.github ? { org: config.github.org } : undefined;
    case 'okta':
      return idp.okta ? { tenant: new URL(idp.okta.baseUrl).host } : undefined;
    case 'entra':
      return idp.entra ? { tenant: idp.entra.tenantId } : undefined;
    case 'google-workspace':
      return idp.googleWorkspace ? { tenant: idp.googleWorkspace.customer } : undefined;
    case 'derived':
      // Reads stored evidence only; runs after the identity collectors (see runCollection).
      return collector.meta.id === RECONCILIATION_ID ? RECONCILIATION_SCOPE : undefined;
    default:
      return undefined;
  }
}

/**
 * The collectors a run uses: the chosen ids (each must exist, be enabled and have its source configured) or
 * every enabled collector that can run with this configuration. Throws ValidationError listing every bad id.
 */
export function selectCollectors(config: FluxConfig, only?: readonly string[]): Collector[] {
  const enabled = (c: Collector) => config.collectors[c.meta.id]?.enabled !== false;
  const runnable = (c: Collector) =>
    (c.meta.source === 'aws' || sourceScope(c, config) !== undefined) &&
    (!c.meta.configuredBy || !!config.identityProviders[c.meta.configuredBy]);
  if (!only || only.length === 0) return registry.filter((c) => enabled(c) && runnable(c));
  const issues: string[] = [];
  const picked: Collector[] = [];
  for (const id of new Set(only)) {
    const c = registry.find((x) => x.meta.id === id);
    if (!c)
      issues.push(
        `--collector ${id}: no such collector (known: ${registry.map((x) => x.meta.id).join(', ')})`,
      );
    else if (!enabled(c))
      issues.push(`--collector ${id}: disabled in the configuration (collectors.${id}.enabled)`);
    else if (!runnable(c))
      issues.push(
        `--collector ${id}: its source (${c.meta.configuredBy ? `identityProviders.${c.meta.configuredBy}` : c.meta.source}) is not configured`,
      );
    else picked.push(c);
  }
  if (issues.length) throw new ValidationError('collector selection', issues);
  return picked;
}

/**
 * The rules that can be judged in this deployment: those whose collector runs here. A rule for a source that is
 * not configured (say Entra ID when the company uses Okta) would otherwise keep its controls UNKNOWN forever.
 */
export function rulesForConfig<R extends { collector: string }>(
  rules: readonly R[],
  config: FluxConfig,
): R[] {
  const ingested = registry
    .filter((c) => c.meta.ingest && config.collectors[c.meta.id]?.enabled === true)
    .map((c) => c.meta.id);
  return rulesForCollectors(rules, [...selectCollectors(config).map((c) => c.meta.id), ...ingested]);
}

/**
 * Collects evidence for the configured scopes into the backend: AWS collectors per account and region (other
 * accounts through the member role), GitHub and identity-provider collectors once per org or tenant. Unchanged
 * sources are recorded as re-observations through the content index, not stored again.
 */
export async function runCollection(
  config: FluxConfig,
  backend: Backend,
  opts: CollectRunOptions,
): Promise<CollectRunSummary> {
  const chosen = selectCollectors(config, opts.only);
  // The local locker appends through an in-process sequencer step; a deployment's CLI run writes its ledger.
  const appender = backend.locker
    ? checkedAppender(backend.ledger, backend.store, backend.blobs)
    : backend.ledger;
  const recovered = backend.locker ? await recoverLocker(backend, appender) : [];
  const groups: {
    units: CollectionUnit[];
    /** A function is called when the group's turn comes (after the groups before it stored their evidence). */
    extras: Record<string, unknown> | (() => Promise<Record<string, unknown>>);
    identity?: string;
  }[] = [];
  const secretsManager = () =>
    new SecretsManagerClient({
      region: opts.homeRegion,
      ...(opts.connection.endpoint ? { endpoint: opts.connection.endpoint } : {}),
    });
  const sources = { env: opts.secretEnv ?? {}, secretsManager: secretsManager() };
  const idp = { ...buildIdpExtras(config.identityProviders, sources), ...opts.extras };

  const aws = chosen.filter((c) => c.meta.source === 'aws');
  if (aws.length)
    groups.push({ units: await planUnits(aws, config.aws, opts.connection, opts.homeRegion), extras: idp });
  const gh = chosen.filter((c) => c.meta.source === 'github');
  if (gh.length && config.github) {
    const auth = await resolveGitHubAuth(config.github.auth, sources);
    const since = new Date(
      opts.now().getTime() - config.github.pullRequestLookbackDays * 86_400_000,
    ).toISOString();
    const github = createGitHubClient({ auth, baseUrl: config.github.baseUrl });
    groups.push({
      units: gh.map((collector) => ({ collector, scope: sourceScope(collector, config)!, connection: {} })),
      extras: { ...githubExtras({ github, githubOrg: config.github.org, since }), ...opts.extras },
      identity: config.github.auth.type === 'app' ? `github-app:${config.github.auth.appId}` : 'github-token',
    });
  }
  for (const c of chosen.filter((x) => x.meta.source !== 'aws' && x.meta.source !== 'github')) {
    if (c.meta.id === RECONCILIATION_ID) continue;
    groups.push({ units: [{ collector: c, scope: sourceScope(c, config)!, connection: {} }], extras: idp });
  }
  const reconciliation = chosen.find((c) => c.meta.id === RECONCILIATION_ID);
  if (reconciliation)
    groups.push({
      units: [{ collector: reconciliation, scope: RECONCILIATION_SCOPE, connection: {} }],
      extras: async () => ({
        ...(await reconciliationExtras(config, backend.evidence)),
        ...opts.extras,
      }),
    });

  const total = groups.reduce((n, g) => n + g.units.length, 0);
  const plannedAt = opts.now().toISOString();
  const results: RunResult[] = [];
  const failures: UnitFailure[] = [];
  for (const g of groups) {
    const out = await collectAll(
      g.units,
      {
        store: backend.store,
        ledger: appender,
        index: backend.index,
        statements: backend.blobs,
        now: opts.now,
        extras: typeof g.extras === 'function' ? await g.extras() : g.extras,
        ...(g.identity ? { identity: g.identity } : {}),
        ...(opts.notes?.length ? { notes: opts.notes } : {}),
      },
      {
        concurrency: config.aws.concurrency,
        perAccountConcurrency: config.aws.perAccountConcurrency,
        onResult: (r) => {
          results.push(r);
          opts.onResult?.(r, results.length, total);
        },
      },
    );
    failures.push(...out.failures);
  }
  const coverage = backend.blobs
    ? await recordCoverage(
        runCoverage(
          plannedAt,
          opts.now().toISOString(),
          groups.flatMap((g) => g.units),
          results,
          failures,
        ),
        { statements: backend.blobs, ledger: appender },
      )
    : undefined;
  return {
    units: total,
    stored: results.filter((r) => r.outcome === 'stored').length,
    unchanged: results.filter((r) => r.outcome === 'unchanged').length,
    withErrors: results.filter((r) => r.envelope.errors.length > 0).length,
    results,
    failures,
    ...(recovered.length ? { recovered } : {}),
    ...(coverage ? { coverage } : {}),
  };
}

/** The coverage statement of one CLI run: every planned unit against the results and failures it produced. */
function runCoverage(
  plannedAt: string,
  completedAt: string,
  planned: readonly CollectionUnit[],
  results: readonly RunResult[],
  failures: readonly UnitFailure[],
) {
  const reports = new Map<string, UnitReport>();
  for (const r of results)
    reports.set(coverageKey(r.collector, scopeKey(r.scope)), {
      outcome: r.outcome === 'stored' ? 'stored' : 'observed',
      evidence: r.observation?.sha256 ?? r.sha256,
      errors: r.envelope.errors.map((e) => `${e.code}${e.operation ? `:${e.operation}` : ''}`),
    });
  const faults = new Map<string, UnitFault>();
  for (const f of failures)
    faults.set(coverageKey(f.collector, scopeKey(f.scope)), { reason: `${f.code}: ${f.message}` });
  const units = planned.map((u) => ({ collector: u.collector.meta.id, scope: scopeKey(u.scope) }));
  // Two runs at the same instant (a back-fill's runs of different collectors) get different ids.
  const selection = sha256Hex(units.map((u) => `${u.collector} ${u.scope}`).join('\n')).slice(0, 12);
  return coverageStatement({
    runId: `collect:${plannedAt}:${selection}`,
    plannedAt,
    completedAt,
    planned: units,
    reports,
    faults,
  });
}

/** The local locker's recovery step: drops leftover temporary files and appends stored-but-unlogged objects. */
async function recoverLocker(backend: Backend, appender: LogAppender): Promise<readonly string[]> {
  await removeTemporaryFiles(backend.locker!.root);
  return (await recoverOrphans(backend.store, backend.ledger, appender)).appended;
}

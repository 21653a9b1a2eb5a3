import { mkdir, rm, writeFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createControlCatalog } from '../alerts/catalog.js';
import { buildAlertMessage } from '../alerts/message.js';
import { openBackend } from '../cli/backend.js';
import { loadCatalog } from '../cli/catalog.js';
import { renderWindow } from '../cli/commands/window.js';
import { renderStatus } from '../cli/commands/status.js';
import { statusReport } from '../cli/ops/status.js';
import { evaluateFrameworkWindow } from '../cli/ops/window.js';
import { FluxConfigSchema } from '../config/schema.js';
import { buildSnapshotToFile } from '../snapshot/builder.js';
import { verifySnapshot } from '../snapshot/verify.js';
import { readZip } from '../snapshot/zip-read.js';
import { MANAGEMENT_ACCOUNT_ID, seedDemoCompany } from '../../test/fixtures/demo-company/index.js';
import { ACME_PEOPLE } from '../../test/fixtures/idp/acme.js';
import { backfill, simulatedDays } from './backfill.js';
import { demoEvents } from './events.js';
import { startDemoServers, type DemoServers } from './servers.js';

export interface DemoOptions {
  /** Project root (requirements-moto.txt, .moto-venv). */
  readonly root: string;
  /** Output directory (default `<root>/demo-output`); its locker, snapshot, index.html and summary.json are replaced. */
  readonly outDir?: string;
  /** Simulated days in the review window (default 90). */
  readonly days?: number;
  /** Full collection every this many simulated days (default 30). */
  readonly fullEvery?: number;
  /** Reuse (and reset) a running emulator instead of starting one (tests). */
  readonly motoEndpoint?: string;
  /** Stop the servers on SIGINT/SIGTERM (the script sets it; tests leave it off). */
  readonly handleSignals?: boolean;
  readonly toolVersion?: string;
  readonly log?: (line: string) => void;
}

export interface DemoSummary {
  readonly company: string;
  readonly window: { readonly start: string; readonly end: string; readonly days: number };
  readonly timingsMs: Readonly<Record<string, number>>;
  readonly outputs: {
    readonly snapshot: string;
    readonly indexHtml: string;
    readonly summary: string;
    readonly locker: string;
  };
  readonly snapshot: {
    readonly manifestSha256: string;
    readonly artifacts: number;
    readonly verified: boolean;
    readonly checks: number;
  };
  readonly alerts: readonly {
    readonly day: number;
    readonly kind: string;
    readonly controlId: string;
    readonly from: string | null;
    readonly to: string;
    readonly subject: string;
  }[];
  readonly status: readonly {
    readonly framework: string;
    readonly met: number;
    readonly failing: number;
    readonly unknown: number;
    readonly manual: number;
  }[];
  readonly window_verdicts: Readonly<Record<string, number>>;
  readonly days: readonly unknown[];
  readonly notes: readonly string[];
}

const NOTES = [
  "moto's IAM credential report carries a GeneratedTime fixed in 2015, so the artifact's observedAt is years old. The engine judges freshness by the latest observation: each collection that finds the identical report records a re-observation (content index confirmedAt), so IAM-01/02/05/11 are judged from the report as re-read each day; the raw 2015 report alone would be UNKNOWN (stale), never PASS or FAIL.",
  'The simulated clock is facts.clock.demoNow (seeding + 120 days), so the one access key planted at seeding is beyond 90 days and IAM-11 fails on the last days.',
  'Back-fill: every collector runs against the emulator and fixture servers on the baseline day, every fullEvery days and on the last day; on event days the changed sources are re-collected; on other days the demo (the only writer to the emulator) records the scheduled run as a re-observation of the unchanged latest artifact.',
  'Member accounts are reached by assuming FluxEvidenceReadOnly in each account (moto addresses an assumed role to its account).',
];

/**
 * The end-to-end demo: starts the AWS emulator and the GitHub/Okta fixture servers, seeds Acme Analytics, back-fills
 * a simulated review window (collection + mapping per day, with a drift and a recovery), evaluates the SOC 2 window,
 * builds and verifies a signed snapshot, prints status tables and the alerts that fired, and writes everything to
 * `outDir`. Every process it started is stopped, also on error and (with handleSignals) on Ctrl-C.
 */
export async function runDemo(opts: DemoOptions): Promise<DemoSummary> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const days = opts.days ?? 90;
  const outDir = opts.outDir ?? join(opts.root, 'demo-output');
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const mark = (k: string, since: number) => (timings[k] = Date.now() - since);
  await mkdir(outDir, { recursive: true });
  for (const f of await readdir(outDir)) {
    if (f === 'locker' || f === 'index.html' || f === 'summary.json' || /^snapshot-.*\.zip$/.test(f))
      await rm(join(outDir, f), { recursive: true, force: true });
  }
  const seededAt = new Date();
  let servers: DemoServers | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    log(`\n${sig}: stopping the emulator and fixture servers...`);
    void (servers?.stop() ?? Promise.resolve()).finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  if (opts.handleSignals) for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, onSignal);
  let t = Date.now();
  try {
    servers = await startDemoServers({
      root: opts.root,
      ...(opts.motoEndpoint ? { motoEndpoint: opts.motoEndpoint } : {}),
      githubNow: seededAt,
      log,
    });
    mark('servers', t);
    t = Date.now();
    const facts = await seedDemoCompany({ endpoint: servers.awsEndpoint }, { now: seededAt });
    mark('seed', t);
    log(
      `seeded ${facts.company}: accounts ${Object.values(facts.accounts)
        .map((a) => a.id)
        .join(', ')}; demo clock ${facts.clock.demoNow}`,
    );

    const simDays = simulatedDays(new Date(facts.clock.demoNow), days);
    const window = {
      start: simDays[0]!.toISOString().slice(0, 10),
      end: simDays[days - 1]!.toISOString().slice(0, 10),
      timeZone: 'UTC',
    };
    const config = FluxConfigSchema.parse({
      origin: 'acme-analytics/demo',
      locker: { path: join(outDir, 'locker') },
      aws: {
        accounts: { mode: 'list', ids: Object.values(facts.accounts).map((a) => a.id) },
        regions: [...facts.regions],
        concurrency: 8,
        perAccountConcurrency: 4,
      },
      github: {
        org: servers.github.scenario.org,
        baseUrl: servers.github.baseUrl,
        auth: { type: 'token', tokenSecret: 'demo/github-token' },
      },
      identityProviders: { okta: { baseUrl: servers.okta.url, tokenSecret: 'demo/okta-token' } },
      // IAM user names and GitHub logins carry no email: link them so reconciliation finds the leaver (erin).
      accessReconciliation: {
        identityLinks: Object.fromEntries([
          ...facts.iam.users.map((u) => [`iam:${u.userName}`, u.email]),
          ...ACME_PEOPLE.map((p) => [`github:${p.key}`, p.email]),
        ]),
      },
      window,
    });
    let clock = new Date(seededAt);
    const backend = await openBackend(config, { clock: () => clock });
    try {
      const catalog = loadCatalog();
      t = Date.now();
      const driftDay = Math.round((days * 40) / 90);
      const recoveryDay = Math.round((days * 55) / 90);
      const history = await backfill({
        config,
        backend,
        catalog,
        connection: {
          endpoint: servers.awsEndpoint.replace('127.0.0.1', 'localhost'),
          forcePathStyle: true,
          maxAttempts: 3,
          credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' },
        },
        awsEndpoint: servers.awsEndpoint,
        secretEnv: servers.secretEnv,
        baseline: new Date(simDays[0]!.getTime() - 86_400_000),
        days: simDays,
        events: demoEvents(facts, driftDay, recoveryDay),
        fullEvery: opts.fullEvery ?? 30,
        setClock: (d) => (clock = d),
        log,
      });
      mark('backfill', t);

      t = Date.now();
      const soc2 = catalog.frameworks.find((f) => f.id === 'soc2-2017')!;
      const w = await evaluateFrameworkWindow({
        framework: soc2,
        controls: catalog.controls,
        results: backend.results,
        ledger: backend.ledger,
        window,
      });
      mark('window', t);
      t = Date.now();
      const zip = join(outDir, `snapshot-soc2-2017-${window.start}-${window.end}.zip`);
      const built = await buildSnapshotToFile(
        {
          framework: 'soc2-2017',
          window,
          results: w.results,
          evaluation: { controls: w.controls, requirements: w.requirements },
          toolVersion: opts.toolVersion ?? '0.0.0-demo',
          ...(w.checkpoint ? { checkpoint: w.checkpoint } : {}),
          title: `${facts.company}: SOC 2 Type II evidence, ${window.start} to ${window.end}`,
        },
        { store: backend.store, ledger: backend.ledger, signer: backend.signer, now: () => clock },
        zip,
      );
      mark('snapshot', t);
      t = Date.now();
      const verified = await verifySnapshot(zip, { pinnedKey: await backend.signer.publicKeyPem() });
      mark('verify', t);
      let html: Buffer | undefined;
      await readZip(
        zip,
        (p) => p === 'index.html',
        (f) => {
          if (f.path === 'index.html' && f.bytes) html = f.bytes;
        },
      );
      const indexHtml = join(outDir, 'index.html');
      if (html) await writeFile(indexHtml, html);

      const status = await statusReport(catalog.frameworks, catalog.controls, backend.results);
      const alertCatalog = createControlCatalog(catalog.controls, catalog.frameworks);
      const alerts = history.transitions.map((x) => ({
        day: x.day,
        kind: x.kind,
        controlId: x.controlId,
        from: x.from ?? null,
        to: x.to,
        subject: buildAlertMessage(x, { catalog: alertCatalog }).subject,
      }));
      log(renderStatus(status, false));
      log(renderWindow(w, false));
      log(`Alerts that fired (${alerts.length}; day -1 is the baseline before the window):`);
      for (const a of alerts) log(`  day ${String(a.day).padStart(3)}  ${a.subject}`);
      log(`\nSnapshot ${zip}: ${built.artifacts} artifacts, manifest sha256 ${built.manifestSha256}`);
      log(
        `verify: ${verified.ok ? 'all' : 'NOT all'} ${verified.checks.length} checks ${
          verified.ok
            ? 'hold'
            : 'hold: ' +
              verified.checks
                .filter((c) => !c.ok)
                .map((c) => c.name)
                .join(', ')
        }`,
      );

      const verdicts: Record<string, number> = {};
      for (const c of w.controls) verdicts[c.verdict] = (verdicts[c.verdict] ?? 0) + 1;
      timings.total = Date.now() - t0;
      const summary: DemoSummary = {
        company: facts.company,
        window: { start: window.start, end: window.end, days },
        timingsMs: timings,
        outputs: {
          snapshot: zip,
          indexHtml,
          summary: join(outDir, 'summary.json'),
          locker: config.locker.path,
        },
        snapshot: {
          manifestSha256: built.manifestSha256,
          artifacts: built.artifacts,
          verified: verified.ok,
          checks: verified.checks.length,
        },
        alerts,
        status: status.map((s) => ({ framework: s.framework, ...s.counts })),
        window_verdicts: verdicts,
        days: history.days,
        notes: [
          ...NOTES,
          `Management account ${MANAGEMENT_ACCOUNT_ID}; drift on day ${driftDay}, recovery on day ${recoveryDay}.`,
        ],
      };
      await writeFile(summary.outputs.summary, JSON.stringify(summary, null, 2) + '\n');
      log(`outputs in ${outDir} (total ${(timings.total / 1000).toFixed(1)} s)`);
      return summary;
    } finally {
      await backend.close();
    }
  } finally {
    await servers?.stop();
    if (opts.handleSignals)
      for (const s of ['SIGINT', 'SIGTERM'] as const) process.removeListener(s, onSignal);
  }
}

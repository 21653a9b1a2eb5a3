import { mkdir, rm, writeFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createControlCatalog } from '../alerts/catalog.js';
import { buildAlertMessage } from '../alerts/message.js';
import { openBackend } from '../cli/backend.js';
import { loadCatalog } from '../cli/catalog.js';
import { statusReport } from '../cli/ops/status.js';
import { evaluateFrameworkWindow } from '../usecases/framework-window.js';
import { windowSnapshotRequest } from '../usecases/window-snapshot.js';
import { FluxConfigSchema } from '../config/schema.js';
import { seedManualDemo } from '../manual/demo-seed.js';
import { manualTransitions } from '../manual/expiry.js';
import { loadStatements } from '../manual/log.js';
import { manualView } from '../manual/state.js';
import { buildSnapshotToFile } from '../snapshot/builder.js';
import { pinnedFingerprint, verifySnapshot } from '../snapshot/verify.js';
import { MANAGEMENT_ACCOUNT_ID, seedDemoCompany } from './company/index.js';
import { ACME_PEOPLE } from './idp/acme.js';
import { backfill, simulatedDays } from './backfill.js';
import { demoStories } from './events.js';
import { applyReadiness, DEMO_REGION } from './readiness.js';
import { readySources } from './sources.js';
import { automatedEffectiveness, summaryLines, type StoryOutcome } from './summary.js';
import { extractZip, storyOutcomes } from './outcomes.js';
import { startDemoServers, type DemoServers } from './servers.js';
import { ingestDemoProwlerScan } from './prowler/scan.js';

const DEMO_PROWLER_COLLECTOR = 'prowler-ocsf-findings';

export interface DemoOptions {
  /** Project root (requirements-moto.txt, .moto-venv). */
  readonly root: string;
  /** Output directory (default `<root>/demo-output`); its locker, snapshot, index.html and summary.json are replaced. */
  readonly outDir?: string;
  /** Simulated days in the review window (default 90). */
  readonly days?: number;
  /** Full collection every this many simulated days (default 45: one in the middle of a 90-day window). */
  readonly fullEvery?: number;
  /** Reuse (and reset) a running emulator instead of starting one (tests). */
  readonly motoEndpoint?: string;
  /** Stop the servers on SIGINT/SIGTERM (the script sets it; tests leave it off). */
  readonly handleSignals?: boolean;
  readonly toolVersion?: string;
  readonly log?: (line: string) => void;
  /** Rewrites one status line in place (a TTY): the day counter. Without it, a plain line every 15 days. */
  readonly progress?: (text: string) => void;
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
    readonly config: string;
  };
  /** Effective share of the automated controls of the SOC 2 window. */
  readonly automatedControls: {
    readonly automated: number;
    readonly effective: number;
    readonly share: number;
  };
  readonly stories: readonly StoryOutcome[];
  /** Manual evidence: documents added and approved, SOC 2 requirements met through both halves, expiry alerts. */
  readonly manual: {
    readonly documents: number;
    readonly metWithManualEvidence: readonly string[];
    readonly alerts: readonly { readonly kind: string; readonly subject: string; readonly at: string }[];
  };
  readonly snapshot: {
    readonly manifestSha256: string;
    readonly artifacts: number;
    readonly verified: boolean;
    readonly checks: number;
    readonly keyFingerprint: string;
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
  "Real dates: the window ends yesterday. Sources are seeded today, so the demo sets each simulated day's clock and the emulator's resources carry today's creation dates; rules judge ages with the simulated clock.",
  "moto's IAM credential report carries a GeneratedTime fixed in 2015. Each collection that finds the identical report records a re-observation (content index confirmedAt), so the IAM controls are judged from the report as re-read each day; the raw 2015 report alone would be UNKNOWN (stale), never PASS or FAIL.",
  'Readiness: the company is seeded with the findings of a first assessment (the fixture the rule tests use) and fixes them before the window with the same API calls an operator would make (shared/demo/readiness.ts, sources.ts).',
  'Back-fill: every collector runs on the baseline day, every fullEvery days and on the last day; on event days the changed sources are re-collected; during the outage the affected collector runs and records the refusal; on other days the demo (the only writer to the sources) records the scheduled run as a re-observation of the unchanged latest artifact.',
  'Emulator gaps: Security Hub standards and AWS Config rule compliance are not implemented in moto, so the controls that need them stay insufficient evidence; controls without an automated rule yet are insufficient evidence too, never effective.',
  "Emulator gaps are filled by a proxy in AWS's wire shape (shared/demo/emulator-gaps.ts), never by a weaker rule: EBS default KMS key, Config delivery status, Backup selections, Security Hub standards, and the credential report's <root_account> row, which moto omits (the demo company's root has MFA on and no keys; its creation time is the report's GeneratedTime).",
  'Member accounts are reached by assuming FluxEvidenceReadOnly in each account (moto addresses an assumed role to its account).',
  "Ingested findings: a Prowler 5.46.0 scan of the management account, recorded once by the pinned Prowler on this company's emulator state (shared/demo/prowler/), is ingested on the last day and judges CFG-01 (rule prowler-check-findings-passed). The demo re-dates the recorded scan to its simulated clock (the artifact's provenance keeps the recorded time as recordedAt).",
];

const DAY_MS = 86_400_000;
const OUTPUTS = new Set(['locker', 'report', 'index.html', 'summary.json', 'flux.config.json']);

/**
 * The end-to-end demo: starts the AWS emulator and the GitHub/Okta fixture servers, seeds Acme Analytics and its
 * readiness fixes, back-fills a 90-day review window ending yesterday (collection + mapping per simulated day, with
 * three stories: a drift fixed within its SLA, a drift left open, a collector outage), evaluates the SOC 2 window,
 * builds and verifies a signed snapshot, extracts it next to its report, and writes a configuration pointing at
 * the locker so the CLI explores the result. Every process it started is stopped, also on error and (with
 * handleSignals) on Ctrl-C.
 */
export async function runDemo(opts: DemoOptions): Promise<DemoSummary> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const days = opts.days ?? 90;
  const outDir = resolve(opts.outDir ?? join(opts.root, 'demo-output'));
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const mark = (k: string, since: number) => (timings[k] = Date.now() - since);
  await mkdir(outDir, { recursive: true });
  for (const f of await readdir(outDir)) {
    if (OUTPUTS.has(f) || /^snapshot-.*\.zip$/.test(f))
      await rm(join(outDir, f), { recursive: true, force: true });
  }
  // The window: `days` days ending yesterday (UTC), one simulated collection at noon each day.
  const simDays = simulatedDays(new Date(Date.now() - DAY_MS), days);
  const window = {
    start: simDays[0]!.toISOString().slice(0, 10),
    end: simDays[days - 1]!.toISOString().slice(0, 10),
    timeZone: 'UTC',
  };
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
      githubNow: simDays[days - 1]!,
      log,
    });
    mark('servers', t);
    t = Date.now();
    const facts = await seedDemoCompany({ endpoint: servers.awsEndpoint }, { now: new Date() });
    await applyReadiness(servers.awsEndpoint, facts);
    readySources(servers.github.scenario, servers.okta);
    mark('seed', t);
    log(
      `seeded ${facts.company} (accounts ${Object.values(facts.accounts)
        .map((a) => a.id)
        .join(', ')}) with its SOC 2 readiness fixes; window ${window.start} .. ${window.end}`,
    );
    const configInput = {
      origin: 'acme-analytics/demo',
      locker: { path: 'locker' },
      aws: {
        accounts: { mode: 'list', ids: Object.values(facts.accounts).map((a) => a.id) },
        regions: [DEMO_REGION],
        concurrency: 8,
        perAccountConcurrency: 4,
      },
      // Findings of a Prowler scan are ingested (shared/demo/prowler/scan.ts) and judged.
      collectors: { [DEMO_PROWLER_COLLECTOR]: { enabled: true } },
      github: {
        org: servers.github.scenario.org,
        baseUrl: servers.github.baseUrl,
        auth: { type: 'token', tokenSecret: 'demo/github-token' },
      },
      identityProviders: { okta: { baseUrl: servers.okta.url, tokenSecret: 'demo/okta-token' } },
      // IAM user names and GitHub logins carry no email: link them so reconciliation matches people.
      accessReconciliation: {
        identityLinks: Object.fromEntries([
          ...facts.iam.users.map((u) => [`iam:${u.userName}`, u.email]),
          ...ACME_PEOPLE.map((p) => [`github:${p.key}`, p.email]),
        ]),
      },
      window,
    };
    const configFile = join(outDir, 'flux.config.json');
    const config = FluxConfigSchema.parse({ ...configInput, locker: { path: join(outDir, 'locker') } });
    let clock = new Date(simDays[0]!.getTime() - DAY_MS);
    const backend = await openBackend(config, { clock: () => clock });
    try {
      const catalog = loadCatalog();
      t = Date.now();
      const { events, outages } = demoStories(facts, days);
      // Manual evidence, added and approved the day before the window (one document expires inside it).
      const manualDeps = {
        ledger: backend.ledger,
        blobs: backend.blobs,
        frameworks: catalog.frameworks,
        controls: catalog.controls,
        clock: () => clock,
      };
      const seeded = await seedManualDemo(manualDeps, {
        at: new Date(simDays[0]!.getTime() - DAY_MS),
        window,
      });
      const tick = (day: number, date: string) => {
        const text = `back-filling day ${String(day + 1).padStart(String(days).length)}/${days} (${date})`;
        if (opts.progress) opts.progress(text);
        else if (day === days - 1 || (day + 1) % 15 === 0) log(text);
      };
      const history = await backfill({
        config,
        backend,
        catalog,
        connection: {
          endpoint: servers.collectEndpoint.replace('127.0.0.1', 'localhost'),
          forcePathStyle: true,
          maxAttempts: 3,
          credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' },
        },
        awsEndpoint: servers.awsEndpoint,
        secretEnv: servers.secretEnv,
        baseline: new Date(simDays[0]!.getTime() - DAY_MS),
        days: simDays,
        events,
        outages,
        fullEvery: opts.fullEvery ?? 45,
        setClock: (d) => (clock = d),
        // The weekly Prowler scan of the management account, taken at dawn of the window's last day.
        ingest: async (day, at) => {
          if (day !== days - 1) return [];
          const r = await ingestDemoProwlerScan(backend, {
            scanAt: new Date(at.getTime() - 6 * 3_600_000),
            now: at,
            accounts: config.aws.accounts.mode === 'list' ? config.aws.accounts.ids : [],
          });
          const scan = r.envelope.data as { version: string; scanStartedAt: string; findings: number };
          return [
            `Prowler ${scan.version} scan of ${MANAGEMENT_ACCOUNT_ID} (${scan.findings} findings, ${scan.scanStartedAt}) ${r.outcome}`,
          ];
        },
        onDay: (rec) => {
          if (rec.day >= 0) tick(rec.day, rec.date);
          for (const e of rec.events) {
            opts.progress?.('');
            log(`  day ${rec.day + 1} ${rec.date}: ${e}`);
          }
        },
      });
      opts.progress?.('');
      mark('backfill', t);

      t = Date.now();
      const view = manualView(await loadStatements(backend.ledger, backend.blobs));
      // The expiry alerts the hourly check would have sent during the window, once each (keyed by document and kind).
      const manualAlerts = new Map<string, { kind: string; subject: string; at: string }>();
      for (const d of simDays)
        for (const x of manualTransitions(view, d))
          manualAlerts.set(`${x.kind}/${x.id}`, { kind: x.kind, subject: x.subject, at: x.at });
      const soc2 = catalog.frameworks.find((f) => f.id === 'soc2-2017')!;
      const w = await evaluateFrameworkWindow({
        framework: soc2,
        controls: catalog.controls,
        results: backend.results,
        ledger: backend.ledger,
        window,
        manual: view,
      });
      mark('window', t);
      t = Date.now();
      const zip = join(outDir, `snapshot-soc2-2017-${window.start}-${window.end}.zip`);
      const built = await buildSnapshotToFile(
        windowSnapshotRequest(w, {
          toolVersion: opts.toolVersion ?? '0.0.0-demo',
          title: `${facts.company}: SOC 2 Type II evidence, ${window.start} to ${window.end}`,
        }),
        {
          store: backend.store,
          ledger: backend.ledger,
          signer: backend.signer,
          now: () => clock,
          // Statement leaves (the re-observations, any manual evidence) are archived from the locker's store.
          manual: {
            blobs: backend.blobs,
            ledger: backend.ledger,
            framework: soc2,
            controls: catalog.controls,
          },
        },
        zip,
      );
      mark('snapshot', t);
      t = Date.now();
      const pem = await backend.signer.publicKeyPem();
      const verified = await verifySnapshot(zip, { pinnedKey: pem });
      mark('verify', t);
      // The report's links are relative to the archive: extract it whole, so every link resolves where it is opened.
      const reportDir = join(outDir, 'report');
      await extractZip(zip, reportDir);
      const indexHtml = join(reportDir, 'index.html');
      await writeFile(configFile, JSON.stringify(configInput, null, 2) + '\n');

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
      const stories = storyOutcomes(w.controls, history.transitions, facts, days, simDays);
      const verdicts: Record<string, number> = {};
      for (const c of w.controls) verdicts[c.verdict] = (verdicts[c.verdict] ?? 0) + 1;
      const fingerprint = pinnedFingerprint(pem);
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
          config: configFile,
        },
        automatedControls: automatedEffectiveness(w.controls, catalog.controls),
        stories,
        manual: {
          documents: seeded.documents.length,
          metWithManualEvidence: w.requirements
            .filter((r) => r.status === 'effective' && r.manual && r.manual.state === 'current')
            .map((r) => r.requirementId),
          alerts: [...manualAlerts.values()],
        },
        snapshot: {
          manifestSha256: built.manifestSha256,
          artifacts: built.artifacts,
          verified: verified.ok,
          checks: verified.checks.length,
          keyFingerprint: fingerprint,
        },
        alerts,
        status: status.map((s) => ({ framework: s.framework, ...s.counts })),
        window_verdicts: verdicts,
        days: history.days,
        notes: [...NOTES, `Management account ${MANAGEMENT_ACCOUNT_ID}.`],
      };
      await writeFile(summary.outputs.summary, JSON.stringify(summary, null, 2) + '\n');
      for (const line of summaryLines({
        company: facts.company,
        window: summary.window,
        reports: w.controls,
        requirements: w.requirements,
        controls: catalog.controls,
        stories,
        alerts,
        zip,
        reportHtml: indexHtml,
        configFile,
        verified: { ok: verified.ok, checks: verified.checks.length },
        fingerprint,
        seconds: timings.total / 1000,
      }))
        log(line);
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

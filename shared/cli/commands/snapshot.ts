import { CommanderError, type Command } from 'commander';
import type { Caller, SnapshotServiceDeps } from '../../access/snapshots.js';
import { AccessDeniedError, DependencyError, ValidationError } from '../../errors.js';

// Registration stays cheap (`--help` loads this module): the SDK, the request schemas and the snapshot service
// are imported by the actions and the default backing when a snapshot command runs.

/** What the snapshot commands run against, and who runs them (recorded on issued URLs). */
interface SnapshotCliBacking {
  readonly service: SnapshotServiceDeps;
  readonly caller: Caller;
}

/** Builds the backing from the global options: the configuration file and an optional emulator endpoint. */
export type SnapshotBackingFactory = (opts: {
  config: string;
  endpoint?: string;
}) => Promise<SnapshotCliBacking>;

export interface SnapshotCommandDeps {
  readonly backing?: SnapshotBackingFactory;
  readonly out?: (s: string) => void;
  readonly err?: (s: string) => void;
}

/**
 * Default backing: the `deployment` block of the configuration (S3, DynamoDB, KMS with the caller's own AWS
 * credentials; `--endpoint` for the emulator). The operator acts for the engagement named on the command line.
 */
const deploymentBacking: SnapshotBackingFactory = async ({ config: path, endpoint }) => {
  const { loadConfigFile } = await import('../../config/load.js');
  const config = loadConfigFile(path);
  const d = config.deployment;
  if (!d) {
    throw new DependencyError(
      'snapshot',
      'snapshot create, list and url work on the deployed platform (presigned S3 URLs): configure `deployment`',
    );
  }
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
  const { loadControls } = await import('../../../frameworks/index.js');
  const { buildDeploymentDeps } = await import('../../access/deployment.js');
  const who = await new STSClient({ region: d.region, ...(endpoint ? { endpoint } : {}) }).send(
    new GetCallerIdentityCommand({}),
  );
  const service = buildDeploymentDeps({
    region: d.region,
    ...(endpoint ? { endpoint } : {}),
    accountId: who.Account!,
    bucket: d.evidenceBucket,
    table: d.ledgerTable,
    signingKeyArn: d.signingKeyArn,
    ...(d.evidenceKeyArn ? { evidenceKeyArn: d.evidenceKeyArn } : {}),
    origin: config.origin,
    auditors: config.auditors,
    retention: config.retention,
    controls: loadControls(),
    exclusions: config.exclusions,
    toolVersion: '0.1.0',
    ...(d.appendQueueUrl ? { appendQueueUrl: d.appendQueueUrl } : {}),
  });
  return { service, caller: { kind: 'operator', principal: who.Arn! } };
};

const EXIT_USAGE = 2;

/**
 * Registers `flux-evidence snapshot create|list|url|access`. Requests are checked by the same schemas as the HTTP API;
 * a bad request or a refused scope prints every issue and exits 2 with nothing created.
 */
export function registerSnapshot(program: Command, deps: SnapshotCommandDeps = {}): Command {
  const backing = deps.backing ?? deploymentBacking;
  const out = deps.out ?? ((s) => process.stdout.write(s));
  const err = deps.err ?? ((s) => process.stderr.write(s));
  const run = (cmd: Command, fn: (b: SnapshotCliBacking, json: boolean) => Promise<string>) => async () => {
    const g = cmd.optsWithGlobals() as { config?: string; endpoint?: string; json?: boolean };
    try {
      out(
        await fn(
          await backing({
            config: g.config ?? 'flux.config.json',
            // The program's --endpoint (main.ts) or AWS_ENDPOINT_URL: one emulator switch for every command.
            ...((g.endpoint ?? process.env.AWS_ENDPOINT_URL)
              ? { endpoint: (g.endpoint ?? process.env.AWS_ENDPOINT_URL)! }
              : {}),
          }),
          Boolean(g.json),
        ),
      );
    } catch (e) {
      if (!(e instanceof ValidationError || e instanceof AccessDeniedError)) throw e;
      err(
        `flux-evidence snapshot: ${e instanceof ValidationError ? e.issues.join('\n  ') : `${e.reason}: ${e.message}`}\n`,
      );
      throw new CommanderError(EXIT_USAGE, 'flux-evidence.exit', e.message);
    }
  };
  const snapshot = program
    .command('snapshot')
    .description('build, list and share signed evidence snapshots for an audit engagement')
    .option('--json', 'machine-readable output');

  const create: Command = snapshot
    .command('create')
    .description('build a snapshot of one framework and window into the evidence bucket')
    .requiredOption('--engagement <id>', 'engagement (auditors[].engagement)')
    .requiredOption('--framework <id>', 'framework id, e.g. soc2-2017')
    .requiredOption('--from <date>', 'window start (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'window end, included (YYYY-MM-DD)')
    .option('--controls <ids>', 'comma-separated control subset, e.g. IAM-01,LOG-01')
    .option('--time-zone <tz>', 'IANA time zone of the window days')
    .option(
      '--since-size <n>',
      "include a consistency proof from this tree size (the auditor's kept checkpoint)",
    )
    .option(
      '--auditor-nonce <nonce>',
      "the auditor's nonce, given after the closing checkpoint, seeding the samples",
    )
    .option('--json', 'machine-readable output');
  create.action(
    run(create, async (b, json) => {
      const { CreateBodySchema, parseWith } = await import('../../access/requests.js');
      const { createSnapshot } = await import('../../access/snapshots.js');
      const o = create.opts<{
        engagement: string;
        framework: string;
        from: string;
        to: string;
        controls?: string;
        timeZone?: string;
        sinceSize?: string;
        auditorNonce?: string;
      }>();
      const ask = parseWith('snapshot request', CreateBodySchema, {
        engagement: o.engagement,
        framework: o.framework,
        window: { start: o.from, end: o.to, ...(o.timeZone ? { timeZone: o.timeZone } : {}) },
        ...(o.controls ? { controls: o.controls.split(',').map((c) => c.trim()) } : {}),
        ...(o.sinceSize !== undefined ? { sinceTreeSize: Number(o.sinceSize) } : {}),
        ...(o.auditorNonce !== undefined ? { auditorNonce: o.auditorNonce } : {}),
      });
      const s = await createSnapshot(b.caller, ask, b.service);
      return json
        ? JSON.stringify(s, null, 2) + '\n'
        : `created ${s.key} (${s.artifacts} artifacts, manifest sha256 ${s.manifestSha256})\n`;
    }),
  );

  const list: Command = snapshot
    .command('list')
    .description("list an engagement's snapshots")
    .requiredOption('--engagement <id>', 'engagement')
    .option('--json', 'machine-readable output');
  list.action(
    run(list, async (b, json) => {
      const { ListQuerySchema, parseWith } = await import('../../access/requests.js');
      const { listSnapshots } = await import('../../access/snapshots.js');
      const { engagement } = parseWith('list request', ListQuerySchema, {
        engagement: list.opts<{ engagement: string }>().engagement,
      });
      const all = await listSnapshots(b.caller, engagement, b.service);
      if (json) return JSON.stringify(all, null, 2) + '\n';
      return (
        all
          .map((s) => `${s.id}  ${s.framework}  ${s.window.start}..${s.window.end}  ${s.size ?? '?'} bytes`)
          .join('\n') + (all.length ? '\n' : '')
      );
    }),
  );

  const url: Command = snapshot
    .command('url')
    .description('issue a presigned download URL (recorded as evidence)')
    .argument('<id>', 'snapshot id')
    .requiredOption('--engagement <id>', 'engagement')
    .option('--expires-in <seconds>', 'URL lifetime in seconds (default 3600, at most 604800)')
    .option('--json', 'machine-readable output');
  url.action(
    run(url, async (b, json) => {
      const { UrlBodySchema, UrlPathSchema, parseWith } = await import('../../access/requests.js');
      const { issueSnapshotUrl } = await import('../../access/snapshots.js');
      const o = url.opts<{ engagement: string; expiresIn?: string }>();
      const { id } = parseWith('snapshot id', UrlPathSchema, { id: url.args[0] });
      const expiresIn =
        o.expiresIn === undefined ? undefined : /^\d+$/.test(o.expiresIn) ? Number(o.expiresIn) : Number.NaN;
      const body = parseWith('URL request', UrlBodySchema, {
        engagement: o.engagement,
        ...(expiresIn !== undefined ? { expiresIn } : {}),
      });
      const u = await issueSnapshotUrl(b.caller, { ...body, id }, b.service);
      const note = u.cappedBy ? ` (shortened by: ${u.cappedBy.join(', ')})` : '';
      return json ? JSON.stringify(u, null, 2) + '\n' : `${u.url}\nexpires ${u.expiresAt}${note}\n`;
    }),
  );
  const access: Command = snapshot
    .command('access')
    .description(
      "list every URL issued for an engagement's snapshots and every download (from the log's evidence)",
    )
    .requiredOption('--engagement <id>', 'engagement')
    .option('--json', 'machine-readable output');
  access.action(
    run(access, async (b, json) => {
      const { ListQuerySchema, parseWith } = await import('../../access/requests.js');
      const { accessReport, formatAccessReport } = await import('../../access/access-report.js');
      const { engagement } = parseWith('access request', ListQuerySchema, {
        engagement: access.opts<{ engagement: string }>().engagement,
      });
      // Ended engagements stay reportable: what was issued and downloaded is evidence after access stops.
      if (!b.service.auditors.some((a) => a.engagement === engagement))
        throw new ValidationError('access request', [
          `engagement: no engagement ${engagement} is configured`,
        ]);
      const r = await accessReport(engagement, b.service);
      return json ? JSON.stringify(r, null, 2) + '\n' : formatAccessReport(r);
    }),
  );
  return snapshot;
}

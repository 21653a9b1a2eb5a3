import type { Command } from 'commander';
import { ValidationError } from '../../errors.js';
import {
  CODES,
  commaList,
  commandInput,
  instantOption,
  runAction,
  usage,
  type CommandInput,
} from '../common.js';
import { columnsOf, processIo, renderTable, useColor, writeJson, type CliIo } from '../output.js';

interface CollectOptions {
  readonly collectors?: readonly string[];
  /** Collection time (default: now); for back-fills and tests. */
  readonly at?: string;
}

/**
 * `collect`: runs all (or the chosen) collectors for the configured scopes and stores their evidence. AWS is
 * reached through the SDK's default credential chain (AWS_PROFILE, AWS_ACCESS_KEY_ID..., SSO, instance role) with
 * AWS_REGION and AWS_ENDPOINT_URL honoured. Exit 0 when every unit stored evidence (source failures are recorded
 * in the evidence and judged UNKNOWN), 2 for a bad selection or configuration, 3 when evidence could not be stored.
 */
export async function runCollect(input: CommandInput, opts: CollectOptions, io: CliIo): Promise<number> {
  const at = instantOption(io, 'collect', '--at', opts.at);
  const realNow = new Date();
  // Evidence observed "in the future" would stay fresh until then: refused. A past --at is a back-fill, and says so.
  if (at && at.getTime() > realNow.getTime() + 60_000)
    usage(
      io,
      'collect',
      `--at: ${opts.at} is in the future (now ${realNow.toISOString()}); only back-fills are allowed`,
    );
  const now = at ? () => at : () => new Date();
  const notes = at
    ? [
        `backfill: recorded with collect --at ${at.toISOString()} on ${realNow.toISOString()}, not at the time of collection`,
      ]
    : [];
  // Loaded here, not at the top: registering the command (and `--help`) must not load the SDK and collectors.
  const { withBackend } = await import('../context.js');
  const { runCollection } = await import('../ops/collect.js');
  const { scopeKey } = await import('../../kernel/runner.js');
  const { coverageLine, summarizeCoverage } = await import('../../ledger/coverage.js');
  const { startProgress } = await import('../progress.js');
  return withBackend(input, io, async (config, backend) => {
    const env = io.env;
    const endpoint = env.AWS_ENDPOINT_URL;
    const progress = startProgress(io, 'collecting evidence...', input.json);
    let summary;
    try {
      summary = await runCollection(config, backend, {
        ...(opts.collectors?.length ? { only: opts.collectors } : {}),
        now,
        notes,
        connection: endpoint ? { endpoint, forcePathStyle: true } : {},
        homeRegion: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? config.deployment?.region ?? 'us-east-1',
        secretEnv: env,
        onResult: (r, done, total) => progress.update(`collecting ${done}/${total}: ${r.collector}`),
      });
    } catch (e) {
      progress.fail('collection did not run');
      if (e instanceof ValidationError) usage(io, 'collect', e.issues.join('; '));
      throw e;
    }
    // The local locker has no sequencer: the CLI signs a checkpoint of the log after each run.
    const checkpoint =
      backend.kind === 'local' ? await backend.ledger.checkpoint(backend.signer, new Date()) : undefined;
    progress.succeed(
      `collected ${summary.units} unit(s): ${summary.stored} stored, ${summary.unchanged} unchanged`,
    );
    const rows = [...summary.results]
      .sort((a, b) =>
        `${a.collector} ${scopeKey(a.scope)}`.localeCompare(`${b.collector} ${scopeKey(b.scope)}`),
      )
      .map((r) => ({
        collector: r.collector,
        scope: scopeKey(r.scope),
        outcome: r.outcome,
        sha256: r.sha256,
        key: r.key,
        errors: r.envelope.errors.map((e) => `${e.code}${e.operation ? `:${e.operation}` : ''}`),
      }));
    if (input.json) {
      writeJson(io, {
        backend: backend.description,
        units: summary.units,
        stored: summary.stored,
        unchanged: summary.unchanged,
        withErrors: summary.withErrors,
        failures: summary.failures,
        ...(summary.recovered ? { recovered: summary.recovered } : {}),
        ...(checkpoint ? { checkpoint: checkpoint.checkpoint } : {}),
        ...(summary.coverage
          ? { coverage: { key: summary.coverage.key, ...summarizeCoverage(summary.coverage.statement) } }
          : {}),
        results: rows,
      });
    } else {
      const color = useColor(io);
      io.out(`Evidence stored in ${backend.description}\n`);
      for (const key of summary.recovered ?? [])
        io.out(`recovered ${key}: stored by an interrupted run, now appended to the log\n`);
      io.out(
        renderTable(
          ['collector', 'scope', 'outcome', 'errors'],
          rows.map((r) => [r.collector, r.scope, r.outcome, r.errors.join(', ') || '-']),
          color,
          columnsOf(io),
        ),
      );
      for (const f of summary.failures)
        io.out(`NOT STORED ${f.collector} ${scopeKey(f.scope)}: ${f.code} ${f.message}\n`);
      if (summary.coverage)
        io.out(`coverage (logged): ${coverageLine(summarizeCoverage(summary.coverage.statement))}\n`);
    }
    return summary.failures.length ? CODES.ERROR : CODES.OK;
  });
}

/** Registers `flux-evidence collect [--collector a,b] [--at <instant>] [--json]`. */
export function registerCollect(program: Command): Command {
  return program
    .command('collect')
    .description('collect evidence from the configured AWS accounts, GitHub org and identity providers')
    .option('--collector <ids>', 'only these collectors (comma-separated; repeatable)', commaList)
    .option('--at <instant>', 'back-fill: collection time to record, in the past (ISO-8601; default now)')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExamples:\n  $ flux-evidence collect\n  $ flux-evidence collect --collector aws-s3-buckets,aws-iam-password-policy\n  $ flux-evidence --endpoint http://127.0.0.1:5000 collect      # an emulator\n  $ flux-evidence collect --at 2026-06-30T12:00:00Z            # a back-fill, labelled as such\n\nExit codes: 0 evidence stored, 2 bad option or configuration, 3 evidence could not be stored.\nAWS credentials come from the default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, SSO, instance role);\nAWS_REGION and AWS_ENDPOINT_URL are honoured.',
    )
    .action(async (opts: { collector?: string[]; at?: string }, cmd: Command) => {
      const io = processIo();
      await runAction(io, 'collect', () =>
        runCollect(
          commandInput(cmd),
          { ...(opts.collector ? { collectors: opts.collector } : {}), ...(opts.at ? { at: opts.at } : {}) },
          io,
        ),
      );
    });
}

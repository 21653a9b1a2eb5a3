import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { ValidationError } from '../../errors.js';
import { CODES, commandInput, runAction, type CommandInput } from '../common.js';
import { processIo, renderTable, useColor, writeJson, type CliIo } from '../output.js';

/**
 * `ingest prowler <file>`: validates a Prowler OCSF JSON file (`prowler aws -M json-ocsf`) and stores it as one
 * signed artifact for the scanned account. Exit 0 stored (or unchanged), 2 when the file is refused (nothing is
 * stored), 3 when it could not be stored.
 */
async function runIngestProwler(input: CommandInput, file: string, io: CliIo): Promise<number> {
  const { withBackend } = await import('../context.js');
  const { ingestProwler } = await import('../../ingest/ingest-prowler.js');
  const { resolveAccounts } = await import('../../kernel/plan.js');
  return withBackend(input, io, async (config, backend) => {
    const env = io.env;
    const connection = env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL, forcePathStyle: true } : {};
    const accounts =
      config.aws.accounts.mode === 'list'
        ? config.aws.accounts.ids
        : (await resolveAccounts(config.aws, connection, env.AWS_REGION ?? 'us-east-1')).map(
            (a) => a.account,
          );
    let r;
    try {
      r = await ingestProwler(createReadStream(file), { ...backend, now: () => new Date(), accounts }, file);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      io.err(`flux-evidence ingest prowler: ${file} refused, nothing stored:\n`);
      for (const issue of e.issues) io.err(`  - ${issue}\n`);
      return CODES.USAGE;
    }
    if (backend.kind === 'local') await backend.ledger.checkpoint(backend.signer, new Date());
    const scan = r.envelope.data as {
      version: string;
      account: string;
      scanStartedAt: string;
      findings: number;
      checks: unknown[];
    };
    const row = {
      account: scan.account,
      tool: `prowler ${scan.version}`,
      scanStartedAt: scan.scanStartedAt,
      findings: scan.findings,
      checks: scan.checks.length,
      outcome: r.outcome,
      sha256: r.sha256,
    };
    if (input.json) writeJson(io, row);
    else
      io.out(
        renderTable(
          ['account', 'tool', 'scan started', 'findings', 'checks', 'outcome', 'sha256'],
          [
            [
              row.account,
              row.tool,
              row.scanStartedAt,
              String(row.findings),
              String(row.checks),
              row.outcome,
              row.sha256,
            ],
          ],
          useColor(io),
        ),
      );
    return CODES.OK;
  });
}

/** Registers `flux-evidence ingest prowler <output.ocsf.json> [--json]`. */
export function registerIngest(program: Command): Command {
  const ingest = program
    .command('ingest')
    .description("store another tool's scan results as signed evidence");
  ingest
    .command('prowler <file>')
    .description(
      'validate a Prowler OCSF JSON file (prowler aws -M json-ocsf) and store it as one signed artifact',
    )
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExit codes: 0 stored, 2 file refused (nothing stored: invalid or truncated OCSF, an account outside\nthe configuration, a scan older than 8 days), 3 evidence could not be stored.',
    )
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const io = processIo();
      await runAction(io, 'ingest prowler', () => runIngestProwler(commandInput(cmd), file, io));
    });
  return program;
}

import type { Command } from 'commander';
import type { LockerAudit } from '../../ledger/log-audit.js';
import type { Ledger, SignedCheckpoint } from '../../ledger/types.js';
import { CODES, commandInput, runAction, type CommandInput } from '../common.js';
import { processIo, writeJson, type CliIo } from '../output.js';

/**
 * `audit`: checks the configured locker or deployment for artifacts without a log entry, log entries without
 * their object, leftover temporary files, index gaps and checkpoints that do not verify. Exit 0 when clean,
 * 1 when it found a problem, 2 for a bad configuration, 3 when the storage could not be read.
 */
export async function runAudit(input: CommandInput, io: CliIo): Promise<number> {
  const { withBackend } = await import('../context.js');
  const { auditLocker } = await import('../../ledger/log-audit.js');
  return withBackend(input, io, async (config, backend) => {
    // Every stored checkpoint, oldest first: the locker's list, or the ledger table's CHECKPOINT partition.
    const checkpoints = backend.locker
      ? backend.locker.ledger.checkpoints()
      : await allCheckpoints(backend.ledger);
    const report = await auditLocker({
      store: backend.store,
      ledger: backend.ledger,
      origin: backend.locker ? backend.locker.ledger.origin : config.origin,
      publicKeyPem: await backend.signer.publicKeyPem(),
      checkpoints,
      // A deployment's locked copies: the table's writer cannot rewrite or remove them.
      ...(backend.lockedCheckpoints ? { lockedCheckpoints: await backend.lockedCheckpoints() } : {}),
      blobs: backend.blobs,
      ...(backend.locker ? { lockerRoot: backend.locker.root } : {}),
    });
    if (input.json)
      writeJson(io, { target: backend.description, clean: report.problems.length === 0, ...report });
    else io.out(renderAudit(backend.description, report));
    return report.problems.length === 0 ? CODES.OK : CODES.FAILED;
  });
}

/** Every checkpoint a ledger lists (DynamoLedger.checkpoints), or its latest when it cannot list them. */
async function allCheckpoints(ledger: Ledger): Promise<SignedCheckpoint[]> {
  const lister = ledger as Ledger & { checkpoints?: () => AsyncIterable<SignedCheckpoint> };
  if (typeof lister.checkpoints !== 'function') {
    const latest = await ledger.latestCheckpoint();
    return latest ? [latest] : [];
  }
  const out: SignedCheckpoint[] = [];
  for await (const cp of lister.checkpoints()) out.push(cp);
  return out;
}

/** The text report: what was checked, then one line per problem. */
function renderAudit(target: string, report: LockerAudit): string {
  const lines = [
    `audit of ${target}: ${report.treeSize} log entries, ${report.artifacts} evidence objects, ${report.checkpoints} checkpoint(s)`,
  ];
  if (report.problems.length === 0) {
    lines.push('clean: every object is logged, indexes are contiguous, every checkpoint verifies');
  } else {
    lines.push(`${report.problems.length} problem(s):`);
    for (const p of report.problems) lines.push(`  ${p.kind}: ${p.message}`);
  }
  return lines.join('\n') + '\n';
}

/** Registers `flux-evidence audit [--json]`. */
export function registerAudit(program: Command): Command {
  return program
    .command('audit')
    .description(
      'check the locker or deployment: orphaned objects, missing objects, temporary files, index gaps, checkpoints',
    )
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      "\nExamples:\n  $ flux-evidence audit\n  $ flux-evidence audit --json | jq '.problems'\n\nExit codes: 0 clean, 1 a problem was found, 2 bad option or configuration, 3 runtime error.",
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const io = processIo();
      await runAction(io, 'audit', () => runAudit(commandInput(cmd), io));
    });
}

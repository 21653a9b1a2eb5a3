import type { Command } from 'commander';
import { CODES, commandInput, runAction, usage, type CommandInput } from '../common.js';
import { processIo, writeJson, type CliIo } from '../output.js';

/**
 * `auditor policy --engagement E --trusted ARN`: prints the identity policy and trust statement for the
 * engagement's auditor principal (shared/access/auditor-policy.ts). Needs the deployment block with the snapshot
 * API (`deployment import`). Exit 0, 2 for an unknown engagement or a configuration without the API.
 */
async function runAuditorPolicy(
  input: CommandInput,
  opts: { engagement: string; trusted: string },
  io: CliIo,
): Promise<number> {
  const { loadConfigFile } = await import('../../config/load.js');
  const { auditorAccess } = await import('../../access/auditor-policy.js');
  const config = loadConfigFile(input.configPath);
  const d = config.deployment;
  if (!d?.snapshotApiId)
    usage(
      io,
      'auditor policy',
      `${input.configPath}: deployment.snapshotApiId is not set: run \`flux-evidence deployment import cdk-outputs.json\` first`,
    );
  const [, partition, , , account] = d.signingKeyArn.split(':');
  if (!/^arn:[\w-]+:(iam|sts)::\d{12}:/.test(opts.trusted))
    usage(io, 'auditor policy', `--trusted: must be an IAM ARN, got ${opts.trusted}`);
  const { ValidationError } = await import('../../errors.js');
  let access: ReturnType<typeof auditorAccess>;
  try {
    access = auditorAccess(
      config.auditors,
      opts.engagement,
      { partition: partition!, region: d.region, account: account!, apiId: d.snapshotApiId },
      opts.trusted,
    );
  } catch (e) {
    if (e instanceof ValidationError) usage(io, 'auditor policy', e.message);
    throw e;
  }
  if (input.json) {
    writeJson(io, access);
    return CODES.OK;
  }
  io.out(
    `# Engagement ${access.engagement}: access ends ${access.endsAt}\n` +
      `# Identity policy: attach to ${access.principal}\n${JSON.stringify(access.identityPolicy, null, 2)}\n` +
      `# Trust statement: add to the Statement list of ${access.principal}'s trust policy\n` +
      `${JSON.stringify(access.trustStatement, null, 2)}\n`,
  );
  return CODES.OK;
}

/** Registers `flux-evidence auditor policy`. */
export function registerAuditor(program: Command): Command {
  const auditor = program.command('auditor').description("an audit engagement's access to snapshots");
  const policy: Command = auditor
    .command('policy')
    .description("print the IAM policy and trust statement for an engagement's auditor principal")
    .requiredOption('--engagement <id>', 'engagement (auditors[].engagement)')
    .requiredOption(
      '--trusted <arn>',
      "who may assume the auditor role: the audit firm's account root or role ARN",
    )
    .option('--json', 'machine-readable output');
  policy.action(async (o: { engagement: string; trusted: string }) => {
    const io = processIo();
    await runAction(io, 'auditor policy', () => runAuditorPolicy(commandInput(policy), o, io));
  });
  return auditor;
}

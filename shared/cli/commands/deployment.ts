import type { Command } from 'commander';
import { CODES, commandInput, runAction, usage, type CommandInput } from '../common.js';
import { processIo, writeJson, type CliIo } from '../output.js';

/**
 * `deployment import <cdk-outputs.json>`: fills the configuration's `deployment` block from the outputs file
 * `cdk deploy --outputs-file` wrote, keeping every other key; the whole file is validated before it is written.
 * Exit 0, 2 for an unreadable or incomplete outputs file or a configuration that would not validate.
 */
async function runDeploymentImport(input: CommandInput, outputsPath: string, io: CliIo): Promise<number> {
  const { readFileSync, writeFileSync, existsSync } = await import('node:fs');
  const { deploymentFromOutputs, withDeployment } = await import('../../config/deployment-import.js');
  if (!existsSync(outputsPath)) usage(io, 'deployment import', `${outputsPath}: no such file`);
  if (!existsSync(input.configPath))
    usage(io, 'deployment import', `${input.configPath}: no such file (write the configuration first)`);
  let outputs: unknown;
  try {
    outputs = JSON.parse(readFileSync(outputsPath, 'utf8'));
  } catch {
    usage(io, 'deployment import', `${outputsPath}: not valid JSON`);
  }
  const { ValidationError } = await import('../../errors.js');
  let deployment: ReturnType<typeof deploymentFromOutputs>;
  let text: string;
  try {
    deployment = deploymentFromOutputs(outputs);
    text = withDeployment(readFileSync(input.configPath, 'utf8'), deployment);
  } catch (e) {
    if (e instanceof ValidationError) usage(io, 'deployment import', e.message);
    throw e;
  }
  writeFileSync(input.configPath, text);
  if (input.json) writeJson(io, { config: input.configPath, deployment });
  else
    io.out(
      `${input.configPath}: deployment set (region ${deployment.region}, bucket ${deployment.evidenceBucket}, table ${deployment.ledgerTable}${deployment.snapshotApiUrl ? `, API ${deployment.snapshotApiUrl}` : ''})\n`,
    );
  return CODES.OK;
}

/** Registers `flux-evidence deployment import <cdk-outputs.json>`. */
export function registerDeployment(program: Command): Command {
  const deployment = program.command('deployment').description('connect the CLI to a deployed platform');
  const imp: Command = deployment
    .command('import')
    .description("fill the configuration's deployment block from `cdk deploy --outputs-file` output")
    .argument('<cdk-outputs.json>', 'the outputs file')
    .option('--json', 'machine-readable output');
  imp.action(async (file: string) => {
    const io = processIo();
    await runAction(io, 'deployment import', () => runDeploymentImport(commandInput(imp), file, io));
  });
  return deployment;
}

import type { Command } from 'commander';
import { CODES, commandInput, runAction, usage, type CommandInput } from '../common.js';
import { processIo, renderTable, useColor, writeJson, type CliIo } from '../output.js';

/**
 * `doctor [--endpoint URL]`: checks a deployment (configuration, stacks, member roles, schedules, last run per
 * collector, last checkpoint, alert subscribers) and prints what is wrong and how to fix it. Exit 0 when
 * nothing failed (warnings allowed), 1 when a check failed, 2 for a configuration that does not load.
 */
export async function runDoctorCommand(
  input: CommandInput,
  opts: { endpoint?: string },
  io: CliIo,
): Promise<number> {
  const { loadConfigFile } = await import('../../config/load.js');
  const { ValidationError } = await import('../../errors.js');
  let config: ReturnType<typeof loadConfigFile>;
  try {
    config = loadConfigFile(input.configPath);
  } catch (e) {
    if (e instanceof ValidationError) usage(io, 'doctor', `${input.configPath}: ${e.message}`);
    throw e;
  }
  const d = config.deployment;
  if (!d)
    usage(
      io,
      'doctor',
      `${input.configPath}: no deployment block: run \`flux-evidence deployment import cdk-outputs.json\``,
    );
  const { buildDoctorDeps, runDoctor } = await import('../../doctor/run.js');
  const checks = [
    { check: 'configuration', status: 'ok' as const, detail: `${input.configPath} is valid` },
    ...(await runDoctor(buildDoctorDeps({ ...config, deployment: d }, input.configPath, opts.endpoint))),
  ];
  const failed = checks.filter((c) => c.status === 'fail').length;
  if (input.json) writeJson(io, { ok: failed === 0, checks });
  else {
    const color = useColor(io);
    io.out(
      renderTable(
        ['status', 'check', 'detail'],
        checks.map((c) => [c.status, c.check, c.detail]),
        color,
      ),
    );
    const fixes = checks.filter((c) => 'fix' in c && c.fix);
    for (const c of fixes) io.out(`fix ${c.check}: ${(c as { fix: string }).fix}\n`);
    io.out(failed ? `${failed} check(s) failed\n` : 'deployment healthy\n');
  }
  return failed ? CODES.FAILED : CODES.OK;
}

/** Registers `flux-evidence doctor`. */
export function registerDoctor(program: Command): Command {
  const doctor: Command = program
    .command('doctor')
    .description('check a deployment and print what is wrong and how to fix it')
    .option('--endpoint <url>', 'AWS endpoint (the emulator) for local runs')
    .option('--json', 'machine-readable output');
  doctor.action(async (o: { endpoint?: string }) => {
    const io = processIo();
    await runAction(io, 'doctor', () => runDoctorCommand(commandInput(doctor), o, io));
  });
  return doctor;
}

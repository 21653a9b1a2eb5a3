import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { CODES, commandInput, runAction, usage, type CommandInput } from '../common.js';
import { processIo, writeJson, type CliIo } from '../output.js';

/**
 * `key fingerprint`: the SHA-256 fingerprint of the deployment's (or local locker's) signing key, which the operator
 * hands to auditors out of band (for example in the engagement letter) for `verify --key`.
 */
export async function runKeyFingerprint(
  input: CommandInput,
  opts: { pem?: boolean },
  io: CliIo,
): Promise<number> {
  const { loadCliConfig, withBackend } = await import('../context.js');
  const { keyFingerprint } = await import('../../ledger/fingerprint.js');
  const config = loadCliConfig(input.configPath, io, input.explicitConfig);
  if (!config.deployment) {
    // Opening a locker that is not there would create one with a fresh key: a fingerprint nobody signs with.
    const path = resolve(dirname(resolve(input.configPath)), config.locker.path);
    if (!existsSync(path))
      usage(io, 'key fingerprint', `no locker at ${path}: collect first, or fix locker.path`);
  }
  return withBackend(input, io, async (_config, backend) => {
    const pem = await backend.signer.publicKeyPem();
    const fingerprint = keyFingerprint(pem);
    if (input.json) writeJson(io, { fingerprint, keyId: backend.signer.keyId, publicKeyPem: pem });
    else io.out(opts.pem ? pem : `${fingerprint}\n`);
    return CODES.OK;
  });
}

/** Registers `flux-evidence key fingerprint [--pem] [--json]`. */
export function registerKey(program: Command): Command {
  const key = program.command('key').description('the signing key auditors pin');
  key
    .command('fingerprint')
    .description("print the signing key's SHA-256 fingerprint, to give auditors out of band for verify --key")
    .option('--pem', 'print the public key PEM instead')
    .option('--json', 'machine-readable output: fingerprint, key id, PEM')
    .addHelpText('after', '\nExit codes: 0 printed, 2 bad configuration, 3 runtime error.')
    .action(async (opts: { pem?: boolean }, cmd: Command) => {
      const io = processIo();
      await runAction(io, 'key fingerprint', () => runKeyFingerprint(commandInput(cmd), opts, io));
    });
  return key;
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { CommanderError, type Command } from 'commander';
import { ValidationError } from '../../errors.js';
import type { VerifyResult } from '../../snapshot/verify.js';

/** Exit codes of `verify`: 0 every check holds, 1 a check failed, 2 usage error. */
export const VERIFY_EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

/** Runs `verify` and returns its exit code; writes the report to `out` and usage errors to `err`. */
export async function runVerify(
  zipPath: string,
  opts: { key?: string; json?: boolean },
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  if (!existsSync(zipPath) || !statSync(zipPath).isFile()) {
    err(`flux-evidence verify: no such file: ${zipPath}\n`);
    return VERIFY_EXIT.USAGE;
  }
  // Loaded here, not at the top: the verifier (zip reader, manifest schema) is only for running `verify`.
  const { pinnedFingerprint, verifySnapshot } = await import('../../snapshot/verify.js');
  let pinnedKey: string | undefined;
  if (opts.key !== undefined) {
    try {
      pinnedKey = existsSync(opts.key) ? readFileSync(opts.key, 'utf8') : opts.key;
      pinnedFingerprint(pinnedKey);
    } catch (e) {
      err(
        `flux-evidence verify: --key: ${e instanceof ValidationError ? e.issues.join('; ') : (e as Error).message}\n`,
      );
      return VERIFY_EXIT.USAGE;
    }
  }
  const result = await verifySnapshot(zipPath, pinnedKey === undefined ? {} : { pinnedKey });
  out(opts.json ? JSON.stringify({ file: zipPath, ...result }, null, 2) + '\n' : report(zipPath, result));
  return result.ok ? VERIFY_EXIT.OK : VERIFY_EXIT.FAILED;
}

function report(path: string, r: VerifyResult): string {
  const lines = r.checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);
  const failed = r.checks.filter((c) => !c.ok).map((c) => c.name);
  lines.push(
    '',
    r.ok
      ? `${path}: all ${r.checks.length} checks hold`
      : `${path}: ${failed.length} check(s) failed: ${failed.join(', ')}`,
  );
  return lines.join('\n') + '\n';
}

/**
 * Registers `flux-evidence verify <snapshot.zip> [--key <pem-file|sha256-fingerprint>] [--json]`. A non-zero outcome is
 * thrown as a CommanderError with code `flux-evidence.exit` and the exit code in `exitCode`.
 */
export function registerVerify(program: Command): Command {
  return program
    .command('verify')
    .description('check a snapshot zip offline: hashes, signatures, inclusion and consistency proofs')
    .argument('<snapshot.zip>', 'the snapshot to check')
    .option(
      '--key <pem-file|sha256-fingerprint>',
      "the organisation's public key (PEM file) or its SHA-256 fingerprint",
    )
    .option('--json', 'machine-readable output')
    .action(async (zipPath: string, opts: { key?: string; json?: boolean }, cmd: Command) => {
      const json = Boolean(opts.json ?? (cmd.optsWithGlobals() as { json?: boolean }).json);
      const code = await runVerify(zipPath, { ...opts, json });
      if (code !== 0) throw new CommanderError(code, 'flux-evidence.exit', `verify exited with ${code}`);
    });
}

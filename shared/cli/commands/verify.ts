import { existsSync, readFileSync, statSync } from 'node:fs';
import { CommanderError, type Command } from 'commander';
import { ValidationError } from '../../errors.js';
import type { VerifyOptions, VerifyResult } from '../../snapshot/verify.js';

/** Exit codes of `verify`: 0 every check holds, 1 a check failed, 2 usage error. */
const VERIFY_EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

export interface VerifyCliOptions {
  /** The organisation's key: a PEM file or its SHA-256 fingerprint. */
  readonly key?: string;
  /** A file of accepted keys: PEM blocks and/or fingerprints, one a line (# comments). */
  readonly trust?: string;
  /** Check integrity only, the origin unproven. */
  readonly insecureUnpinned?: boolean;
  /** A signed checkpoint file the auditor kept. */
  readonly since?: string;
  /** The nonce the auditor supplied for sampling. */
  readonly auditorNonce?: string;
  readonly json?: boolean;
}

const NO_ANCHOR = `a trust anchor is required: --key <sha256 fingerprint|key.pem> or --trust <file>.
  Anyone can build a snapshot that passes every integrity check with a key of their own; only a key you
  received from the organisation out of band (e.g. in the engagement letter) proves who signed it.
  The operator prints it with \`flux-evidence key fingerprint\`. Use --insecure-unpinned to check integrity only.`;
const UNPINNED = 'UNPINNED: integrity only, origin unproven (no --key or --trust given)';

/** Runs `verify` and returns its exit code; writes the report to `out` and usage errors to `err`. */
export async function runVerify(
  zipPath: string,
  opts: VerifyCliOptions,
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  const fail = (m: string) => {
    err(`flux-evidence verify: ${m}\n`);
    return VERIFY_EXIT.USAGE;
  };
  if (!existsSync(zipPath)) return fail(`no such file: ${zipPath}`);
  if (statSync(zipPath).isDirectory())
    return fail(`${zipPath} is a directory; give the snapshot .zip file itself (verify reads the archive)`);
  if (!statSync(zipPath).isFile()) return fail(`${zipPath} is not a regular file`);
  if (opts.key === undefined && opts.trust === undefined && !opts.insecureUnpinned) return fail(NO_ANCHOR);
  // Loaded here, not at the top: the verifier (zip reader, manifest schema) is only for running `verify`.
  const { pinnedFingerprint, verifySnapshot } = await import('../../snapshot/verify.js');
  const options: { -readonly [K in keyof VerifyOptions]: VerifyOptions[K] } = {};
  try {
    if (opts.key !== undefined) {
      options.pinnedKey = existsSync(opts.key) ? readFileSync(opts.key, 'utf8') : opts.key;
      pinnedFingerprint(options.pinnedKey);
    }
  } catch (e) {
    return fail(`--key: ${e instanceof ValidationError ? e.issues.join('; ') : 'unreadable'}`);
  }
  try {
    if (opts.trust !== undefined) options.trustedKeys = readTrustFile(opts.trust, pinnedFingerprint);
  } catch (e) {
    return fail(`--trust: ${(e as Error).message}`);
  }
  if (opts.since !== undefined) {
    try {
      options.since = JSON.parse(readFileSync(opts.since, 'utf8')) as unknown;
    } catch {
      return fail(`--since: ${opts.since} is not a readable checkpoint JSON file`);
    }
  }
  if (opts.auditorNonce !== undefined) options.auditorNonce = opts.auditorNonce;
  const result = await verifySnapshot(zipPath, options);
  out(opts.json ? JSON.stringify({ file: zipPath, ...result }, null, 2) + '\n' : report(zipPath, result));
  return result.ok ? VERIFY_EXIT.OK : VERIFY_EXIT.FAILED;
}

/** Fingerprints from a trust file: PEM public keys and/or hex fingerprints, one a line; `#` starts a comment. */
function readTrustFile(path: string, fingerprint: (k: string) => string): string[] {
  if (!existsSync(path) || !statSync(path).isFile()) throw new Error(`no such file: ${path}`);
  const text = readFileSync(path, 'utf8');
  const keys: string[] = [];
  for (const m of text.matchAll(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g))
    keys.push(m[0]);
  const rest = text.replace(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g, '');
  for (const line of rest.split('\n')) {
    const l = line.replace(/#.*/, '').trim();
    if (l) keys.push(l);
  }
  if (keys.length === 0) throw new Error(`${path} lists no key`);
  return keys.map((k, i) => {
    try {
      return fingerprint(k);
    } catch (e) {
      throw new Error(
        `${path}: entry ${i + 1}: ${e instanceof ValidationError ? e.issues.join('; ') : 'unreadable'}`,
      );
    }
  });
}

function report(path: string, r: VerifyResult): string {
  const lines = r.origin === 'unpinned' ? [UNPINNED] : [];
  lines.push(...r.checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`));
  if (r.population) {
    const ex = Object.entries(r.population.excluded).map(([reason, n]) => `${n} excluded (${reason})`);
    lines.push(
      `log leaves in the window: ${r.population.leaves}, included ${r.population.included}${ex.length ? `, ${ex.join(', ')}` : ''}`,
    );
  }
  if (r.samplesOperatorChosen) lines.push('samples: operator-chosen (no auditor nonce was supplied)');
  const failed = r.checks.filter((c) => !c.ok).map((c) => c.name);
  lines.push('');
  if (!r.ok) lines.push(`${path}: ${failed.length} check(s) failed: ${failed.join(', ')}`);
  else if (r.origin === 'unpinned') lines.push(`${path}: integrity holds (${r.checks.length} checks)`);
  else lines.push(`${path}: all ${r.checks.length} checks hold`);
  if (r.origin === 'unpinned') lines.push(UNPINNED);
  return lines.join('\n') + '\n';
}

/**
 * Registers `flux-evidence verify <snapshot.zip> (--key <fp|pem> | --trust <file> | --insecure-unpinned)
 * [--since <checkpoint.json>] [--auditor-nonce <nonce>] [--json]`. A non-zero outcome is thrown as a CommanderError
 * with code `flux-evidence.exit` and the exit code in `exitCode`.
 */
export function registerVerify(program: Command): Command {
  return program
    .command('verify')
    .description('check a snapshot zip offline against the key you were given: hashes, signatures, proofs')
    .argument('<snapshot.zip>', 'the snapshot to check')
    .option(
      '--key <sha256-fingerprint|pem-file>',
      "the organisation's key fingerprint (or PEM), received out of band",
    )
    .option('--trust <file>', 'accepted keys: PEM blocks or fingerprints, one a line')
    .option('--insecure-unpinned', 'check integrity only; the origin stays unproven')
    .option('--since <checkpoint.json>', 'a checkpoint you kept: the log must extend it append-only')
    .option('--auditor-nonce <nonce>', 'the nonce you supplied: the samples must be drawn with it')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExit codes: 0 every check holds, 1 a check failed, 2 usage error.')
    .action(async (zipPath: string, opts: VerifyCliOptions, cmd: Command) => {
      const json = Boolean(opts.json ?? (cmd.optsWithGlobals() as { json?: boolean }).json);
      const code = await runVerify(zipPath, { ...opts, json });
      if (code !== 0) throw new CommanderError(code, 'flux-evidence.exit', `verify exited with ${code}`);
    });
}

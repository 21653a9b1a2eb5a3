// ESM loader hooks that append every resolved module URL to a file, one per line. Tests use them to check
// which modules a command loads (process.moduleLoadList does not list ESM modules). Registered with
// module.register(this file, { data: { out: '<file>' } }); the hooks run on Node's loader thread.
import { appendFileSync } from 'node:fs';

let out;

/** Receives the trace file's path from module.register's `data`. */
export function initialize(data) {
  out = data.out;
}

/** Resolves through the rest of the chain and records the URL it resolved to. */
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  appendFileSync(out, `${result.url}\n`);
  return result;
}

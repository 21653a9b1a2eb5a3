// `npm run demo`: the end-to-end demo (shared/demo/run-demo.ts) with outputs in demo-output/.
import { fileURLToPath } from 'node:url';
import { describeFailure } from '../shared/cli/common.js';
import { toolVersion } from '../shared/cli/main.js';
import { runDemo } from '../shared/demo/run-demo.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const root = fileURLToPath(new URL('..', import.meta.url));
const days = arg('--days');
try {
  const summary = await runDemo({
    root,
    handleSignals: true,
    toolVersion: toolVersion(),
    // A day counter rewritten in place on a terminal; plain lines every 15 days in a log.
    ...(process.stdout.isTTY ? { progress: (t: string) => process.stdout.write(`\r${t}\u001b[K`) } : {}),
    ...(days ? { days: Number(days) } : {}),
  });
  process.exitCode = summary.snapshot.verified ? 0 : 1;
} catch (err) {
  process.stderr.write(`demo failed: ${describeFailure(err, process.argv.includes('--debug'))}\n`);
  process.exitCode = 3;
}

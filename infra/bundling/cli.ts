// Bundles one Lambda entry: `tsx infra/bundling/cli.ts <entry> <outdir>`. FluxFunction runs it as CDK local
// bundling, in a child process because CDK's bundling hook is synchronous and esbuild plugins need the async API.
import { bundleFunction } from './esbuild.js';

const [entry, outdir] = process.argv.slice(2);
if (!entry || !outdir) {
  console.error('usage: tsx infra/bundling/cli.ts <entry.ts> <outdir>');
  process.exit(2);
}
await bundleFunction(entry, outdir);

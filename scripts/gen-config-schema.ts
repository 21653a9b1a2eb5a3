// Writes flux.config.schema.json (JSON Schema for editor completion) from the zod config schema.
// `--check` exits 1 when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { configJsonSchema } from '../shared/config/json-schema.js';

const file = 'flux.config.schema.json';
const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = readFileSync(file, 'utf8');
  if (current !== text) {
    console.error(`${file} is stale: run npx tsx scripts/gen-config-schema.ts`);
    process.exit(1);
  }
  console.log(`${file} is up to date`);
} else {
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}

// Writes infra/member-account-role.yaml from the collector registry. `--check` exits 1 when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderMemberRoleTemplate } from '../member-role.js';

const file = new URL('../member-account-role.yaml', import.meta.url);
const text = renderMemberRoleTemplate();
if (process.argv.includes('--check')) {
  if (readFileSync(file, 'utf8') !== text) {
    console.error('infra/member-account-role.yaml is stale: run npx tsx infra/scripts/gen-member-role.ts');
    process.exit(1);
  }
  console.log('infra/member-account-role.yaml is up to date');
} else {
  writeFileSync(file, text);
  console.log('wrote infra/member-account-role.yaml');
}

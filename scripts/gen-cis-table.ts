// Regenerates, from the Prowler pinned in requirements-bench.txt (installed into .bench-venv by
// scripts/ensure-prowler.ts), the two tables the rules' benchmark citations are tested against:
// - frameworks/sources/cis-aws-4.0.1.prowler.tsv: Prowler's own compliance file for the CIS Amazon Web Services
//   Foundations Benchmark v4.0.1 (prowler/compliance/aws/cis_4.0_aws.json): each recommendation id with the Prowler
//   check ids Prowler lists for it (no recommendation text), sorted by id;
// - frameworks/sources/prowler-checks.tsv: every check id of Prowler's AWS and GitHub providers (the
//   `<check>.metadata.json` files under prowler/providers/<provider>/services/).
//   npx tsx scripts/gen-cis-table.ts [--check]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pinnedProwlerVersion, prowlerComplianceDir } from './ensure-prowler.js';

const root = process.cwd();
const OUT = 'frameworks/sources/cis-aws-4.0.1.prowler.tsv';
const CHECKS_OUT = 'frameworks/sources/prowler-checks.tsv';
const PROVIDERS = ['aws', 'github'];

const compliance = prowlerComplianceDir(root, (l) => console.log(l));
const doc = JSON.parse(readFileSync(join(compliance, 'cis_4.0_aws.json'), 'utf8')) as {
  Version: string;
  Requirements: { Id: string; Checks: string[] }[];
};
if (doc.Version !== '4.0.1') throw new Error(`cis_4.0_aws.json is version ${doc.Version}, not 4.0.1`);
const byId = (a: string, b: string) => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) - (y[i] ?? -1);
  return 0;
};
const rows = doc.Requirements.map((r) => [r.Id, [...r.Checks].sort().join(' ')] as const).sort((a, b) =>
  byId(a[0], b[0]),
);
const text = ['cis_aws_4_0_1\tprowler_checks', ...rows.map((r) => r.join('\t'))].join('\n') + '\n';
const providers = join(dirname(dirname(compliance)), 'providers');
const checks = PROVIDERS.flatMap((p) =>
  readdirSync(join(providers, p, 'services'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.metadata.json'))
    .map((f) => `${p}\t${f.split('/').pop()!.replace('.metadata.json', '')}`),
).sort();
const checksText = ['provider\tcheck_id', ...new Set(checks)].join('\n') + '\n';
for (const [out, body, what] of [
  [OUT, text, `${rows.length} recommendations`],
  [CHECKS_OUT, checksText, `${checks.length} checks`],
] as const) {
  if (process.argv.includes('--check')) {
    if (readFileSync(out, 'utf8') !== body) {
      console.error(`${out} is out of date: run npx tsx scripts/gen-cis-table.ts`);
      process.exit(1);
    }
    console.log(`${out} is up to date`);
  } else {
    writeFileSync(out, body);
    console.log(`${out}: ${what} from Prowler ${pinnedProwlerVersion(root)}`);
  }
}

// Regenerates frameworks/findings/prowler-checks.json from Prowler's own compliance files for ISO/IEC 27001:2022 and
// SOC 2 (prowler/compliance/aws/iso27001_2022_aws.json and soc2_aws.json), read from the Prowler pinned in
// requirements-bench.txt (installed into .bench-venv by scripts/ensure-prowler.ts). Requirement ids are translated
// to this project's catalog ids (Prowler's `cc_6_1` is SOC 2 `CC6.1`); nothing else is changed.
//   npx tsx scripts/gen-prowler-mapping.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getFramework } from '../frameworks/index.js';
import { pinnedProwlerVersion, prowlerComplianceDir } from './ensure-prowler.js';

const root = process.cwd();
const OUT = 'frameworks/findings/prowler-checks.json';
const FILES = { 'iso27001-2022': 'iso27001_2022_aws.json', 'soc2-2017': 'soc2_aws.json' } as const;

/** Prowler's SOC 2 ids (`cc_6_1`, `cc_a_1_1`, `pi_1_2`) as catalog ids (`CC6.1`, `A1.1`, `PI1.2`). */
export function soc2Id(id: string): string {
  const parts = id.split('_');
  if (parts[0] === 'cc' && /^[a-z]+$/.test(parts[1] ?? '')) parts.shift();
  const [prefix, ...nums] = parts;
  return `${prefix!.toUpperCase()}${nums.join('.')}`;
}

const compliance = prowlerComplianceDir(root, (l) => console.log(l));
const checks: Record<string, Record<string, string[]>> = {};
const unknown: string[] = [];
for (const [framework, file] of Object.entries(FILES)) {
  const known = new Set(getFramework(framework as keyof typeof FILES).requirements.map((r) => r.id));
  const doc = JSON.parse(readFileSync(join(compliance, file), 'utf8')) as {
    Requirements: { Id: string; Checks: string[] }[];
  };
  for (const r of doc.Requirements) {
    const id = framework === 'soc2-2017' ? soc2Id(r.Id) : r.Id;
    if (!known.has(id)) {
      unknown.push(`${file}: ${r.Id}`);
      continue;
    }
    for (const c of r.Checks) ((checks[c] ??= {})[framework] ??= []).push(id);
  }
}
const sorted = Object.fromEntries(
  Object.keys(checks)
    .sort()
    .map((c) => [
      c,
      Object.fromEntries(
        Object.keys(checks[c]!)
          .sort()
          .map((f) => [f, [...new Set(checks[c]![f])].sort()]),
      ),
    ]),
);
const version = pinnedProwlerVersion(root);
const doc = {
  prowlerVersion: version,
  sources: [
    {
      name: `Prowler ${version} compliance mappings: prowler/compliance/aws/iso27001_2022_aws.json and soc2_aws.json`,
      detail:
        'Which Prowler checks Prowler maps to each ISO/IEC 27001:2022 Annex A control and SOC 2 criterion, copied from the PyPI package prowler==' +
        `${version}; SOC 2 ids translated from Prowler's cc_6_1 form to CC6.1` +
        (unknown.length
          ? `; requirements not in this project's catalog left out: ${unknown.join(', ')}`
          : ''),
      url: 'https://github.com/prowler-cloud/prowler/tree/master/prowler/compliance/aws',
      licence: 'Apache-2.0 (Prowler); mapping data used with attribution',
    },
  ],
  checks: sorted,
};
const text = JSON.stringify(doc, null, 2) + '\n';
if (process.argv.includes('--check')) {
  if (readFileSync(OUT, 'utf8') !== text) {
    console.error(`${OUT} is out of date: run npx tsx scripts/gen-prowler-mapping.ts`);
    process.exit(1);
  }
  console.log(`${OUT} is up to date`);
} else {
  writeFileSync(OUT, text);
  console.log(`${OUT}: ${Object.keys(sorted).length} checks from Prowler ${version}`);
}

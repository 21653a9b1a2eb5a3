// Validates every OSCAL document under the given paths (snapshot zips' oscal/*.json, or .json files) twice: against
// NIST's published OSCAL 1.2 JSON Schema (ajv), and by loading it with compliance-trestle's OSCAL models (an
// independent reader, installed into .oscal-venv). Exits 1 on any problem, or when no OSCAL document was found.
//   npx tsx scripts/validate-oscal.ts demo-output
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readZip } from '../shared/snapshot/zip-read.js';
import { oscalSchemaProblems } from '../test/oscal/schema-validate.js';
import { ensureTrestle } from './ensure-trestle.js';

const TRESTLE = `
import json, sys
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.mapping import MappingCollection
models = {'assessment-results': AssessmentResults, 'mapping-collection': MappingCollection}
bad = 0
for path in sys.argv[1:]:
    doc = json.load(open(path))
    root = next(k for k in doc if k != '$schema')
    try:
        models[root].parse_obj(doc[root])
    except Exception as e:
        bad += 1
        print(f'{path}: {e}')
sys.exit(1 if bad else 0)
`;

async function collect(path: string, out: Map<string, Buffer>): Promise<void> {
  if (statSync(path).isDirectory()) {
    for (const f of readdirSync(path)) await collect(join(path, f), out);
  } else if (path.endsWith('.zip')) {
    await readZip(
      path,
      (p) => p.startsWith('oscal/') && p.endsWith('.json'),
      (f) => {
        if (f.bytes) out.set(`${path}!${f.path}`, f.bytes);
      },
    );
  } else if (path.endsWith('.json') && /(^|\/)oscal\//.test(path)) out.set(path, readFileSync(path));
}

const docs = new Map<string, Buffer>();
for (const p of process.argv.slice(2)) await collect(p, docs);
if (docs.size === 0) {
  console.error('validate-oscal: no OSCAL document found under', process.argv.slice(2).join(' '));
  process.exit(1);
}
let failed = 0;
const dir = mkdtempSync(join(tmpdir(), 'flux-oscal-'));
const files: string[] = [];
for (const [name, bytes] of docs) {
  const problems = oscalSchemaProblems(JSON.parse(bytes.toString('utf8')));
  if (problems.length) {
    failed++;
    console.error(`${name}: NIST schema:\n  ${problems.join('\n  ')}`);
  }
  const file = join(dir, `${files.length}-${basename(name)}`);
  writeFileSync(file, bytes);
  files.push(file);
}
const python = ensureTrestle(process.cwd(), (l) => console.log(l));
const r = spawnSync(python, ['-c', TRESTLE, ...files], { encoding: 'utf8' });
rmSync(dir, { recursive: true, force: true });
if (r.status !== 0) {
  failed++;
  console.error(`compliance-trestle rejected:\n${r.stdout}${r.stderr}`);
}
console.log(
  `validate-oscal: ${docs.size} OSCAL documents, NIST OSCAL 1.2 JSON Schema + compliance-trestle: ${failed ? 'FAILED' : 'valid'}`,
);
process.exit(failed ? 1 : 0);

/**
 * Regenerates frameworks/*.json from the reference TSVs committed in frameworks/sources/ (see its README for
 * where each comes from and under which licence):
 *   npx tsx frameworks/scripts/build-from-reference.ts [--reference <dir>] [--out <dir>] [--check]
 * Deterministic: the same inputs give byte-identical files. `--check` writes nothing and exits 1 if a
 * committed file differs from what would be generated.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntegrityError } from '../../shared/errors.js';
import { parseControlSet, parseFramework } from '../index.js';
import { findIntegrityProblems } from '../integrity.js';
import { buildGdpr, buildIso, buildNis2, buildSoc2 } from './catalogs.js';
import { buildControls } from './controls.js';

const here = fileURLToPath(new URL('.', import.meta.url));

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]!) : fallback;
}

/** Builds every file's content; validates it with the zod schemas and the integrity checks first. */
export function generate(referenceDir: string): Map<string, string> {
  const built = [
    buildIso(referenceDir),
    buildSoc2(referenceDir),
    buildNis2(referenceDir),
    buildGdpr(referenceDir),
  ];
  const order = new Map<string, number>();
  for (const b of built)
    b.framework.requirements.forEach((r, i) => order.set(`${b.framework.id}:${r.id}`, i));
  const controlSet = {
    version: '1.1.0',
    controls: buildControls(
      referenceDir,
      built.flatMap((b) => b.links),
      order,
    ),
  };

  const frameworks = built.map((b) => parseFramework(b.framework, b.framework.id));
  const problems = findIntegrityProblems(frameworks, parseControlSet(controlSet).controls);
  if (problems.length > 0)
    throw new IntegrityError('frameworks', `generated data is inconsistent:\n  ${problems.join('\n  ')}`, {
      problems,
    });

  const files = new Map<string, string>();
  for (const b of built) files.set(`${b.framework.id}.json`, `${JSON.stringify(b.framework, null, 2)}\n`);
  files.set('controls.json', `${JSON.stringify(controlSet, null, 2)}\n`);
  return files;
}

function main(): void {
  const referenceDir = arg('--reference', resolve(here, '../sources'));
  const outDir = arg('--out', resolve(here, '..'));
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [name, content] of generate(referenceDir)) {
    const path = join(outDir, name);
    if (check) {
      if (!existsSync(path) || readFileSync(path, 'utf8') !== content) stale.push(name);
    } else {
      writeFileSync(path, content);
      console.log(`wrote ${path}`);
    }
  }
  if (check && stale.length > 0) {
    console.error(`out of date: ${stale.join(', ')}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

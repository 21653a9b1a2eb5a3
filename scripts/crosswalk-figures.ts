// Prints the precision and recall of the crosswalk the common controls imply, against each published mapping
// in frameworks/sources/. Exits 1 when a target is missed or a derived pair has neither a reference nor a
// written rationale (frameworks/crosswalk-rationales.json). `--verbose` lists the unsupported and missed pairs.
import { CROSSWALK_TARGETS, crosswalkReport, loadControls, loadFrameworks } from '../frameworks/index.js';

const report = crosswalkReport(loadControls(), loadFrameworks());
const pct = (x: number) => x.toFixed(2);
console.log('reference                         derived  published  agreed  precision  recall  out-of-scope');
for (const s of report.scores)
  console.log(
    `${s.reference.padEnd(33)} ${String(s.derived).padStart(7)}  ${String(s.published).padStart(9)}  ${String(s.agreed).padStart(6)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}  ${String(s.outOfScope.length).padStart(12)}`,
  );
console.log(`precision against the union of references: ${pct(report.unionPrecision)}`);
// The same with every out-of-scope pair counted as unsupported: a floor, since a reference with no row for a
// requirement (CISO Assistant has none for the P series) cannot confirm any pair naming it.
const all = report.scores.reduce((n, s) => n + s.derived + s.outOfScope.length, 0);
const agreed = report.scores.reduce((n, s) => n + s.agreed, 0);
console.log(`floor, counting out-of-scope pairs as unsupported: ${pct(all === 0 ? 0 : agreed / all)}`);

const verbose = process.argv.includes('--verbose');
if (verbose)
  for (const s of report.scores) {
    for (const u of s.unsupported)
      console.log(`unsupported ${s.reference} ${u.pair.replace('\t', ' <-> ')} via ${u.controls.join(',')}`);
    for (const u of s.outOfScope)
      console.log(`out-of-scope ${s.reference} ${u.pair.replace('\t', ' <-> ')} via ${u.controls.join(',')}`);
    for (const m of s.missed) console.log(`missed ${s.reference} ${m.replace('\t', ' <-> ')}`);
  }

const failures: string[] = [];
const enisa = report.scores.find((s) => s.reference === 'enisa-ir-points');
if (report.unionPrecision < CROSSWALK_TARGETS.unionPrecision)
  failures.push(
    `precision against the union ${pct(report.unionPrecision)} < ${CROSSWALK_TARGETS.unionPrecision}`,
  );
if (!enisa || enisa.recall < CROSSWALK_TARGETS.enisaPointRecall)
  failures.push(
    `recall against ENISA points ${pct(enisa?.recall ?? 0)} < ${CROSSWALK_TARGETS.enisaPointRecall}`,
  );
for (const u of report.unexplained)
  failures.push(
    `${u.reference}: ${u.pair.replace('\t', ' <-> ')} (via ${u.controls.join(',')}) is in no reference and has no rationale`,
  );
for (const r of report.staleRationales)
  failures.push(
    `${r.reference}: rationale for ${r.pair.replace('\t', ' <-> ')} explains a pair that is not derived or is already published`,
  );
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exitCode = 1;
}

import type { LogPopulation } from './log-population.js';
import { esc } from './report-html.js';
import type { SnapshotSamples } from './samples.js';

/** Counts of a population list: leaves in the window, archived, excluded by reason. */
function populationCounts(p: LogPopulation): {
  leaves: number;
  included: number;
  excluded: [string, number][];
} {
  const excluded = new Map<string, number>();
  for (const l of p.leaves)
    if (l.status === 'excluded') excluded.set(l.reason ?? '', (excluded.get(l.reason ?? '') ?? 0) + 1);
  return {
    leaves: p.leaves.length,
    included: p.leaves.length - [...excluded.values()].reduce((a, b) => a + b, 0),
    excluded: [...excluded].sort((a, b) => b[1] - a[1]),
  };
}

/** The report's "Log population" and "Samples" sections (escaped HTML). */
export function populationSectionHtml(p: LogPopulation, samples: SnapshotSamples): string {
  const c = populationCounts(p);
  const rows = c.excluded.map(([r, n]) => `<tr><td>excluded: ${esc(r)}</td><td>${n}</td></tr>`).join('\n');
  const who = samples.auditorNonce
    ? `Samples are seeded by the closing checkpoint and the auditor's nonce <code>${esc(samples.auditorNonce)}</code>.`
    : 'No auditor nonce was supplied: the samples are operator-chosen (seeded by the checkpoint the operator signs).';
  return `<h2>Log population</h2>
<p>Every log leaf between the start checkpoint (tree size ${p.fromTreeSize}) and the closing checkpoint (tree size ${p.toTreeSize}) is listed in <a href="log/population.json">log/population.json</a>.</p>
<table><tr><th>Leaves</th><th>Count</th></tr>
<tr><td>in the window</td><td>${c.leaves}</td></tr>
<tr><td>included</td><td>${c.included}</td></tr>
${rows}</table>
<h2>Samples</h2>
<p>${who} See <a href="samples.json">samples.json</a>.</p>
`;
}

import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { readZip } from '../snapshot/zip-read.js';
import { driftBucket, storyDays } from './events.js';
import type { StoryOutcome } from './summary.js';

/** How the window judged each story's control. */
export function storyOutcomes(
  reports: readonly { controlId: string; verdict: string; counts: Record<string, number> }[],
  transitions: readonly { controlId: string; kind: string; day: number }[],
  facts: Parameters<typeof driftBucket>[0],
  days: number,
  simDays: readonly Date[],
): StoryOutcome[] {
  const d = storyDays(days);
  const date = (day: number) => simDays[day]!.toISOString().slice(0, 10);
  const verdict = (id: string) => reports.find((r) => r.controlId === id)?.verdict ?? 'not assessed';
  const gap = transitions.filter((x) => x.kind === 'unknown' && x.day >= d.outageFrom && x.day <= d.outageTo);
  const gapControl = gap[0]?.controlId ?? 'IAM-02';
  return [
    {
      story: 'drift fixed within its SLA',
      controlId: 'NET-04',
      verdict: verdict('NET-04'),
      detail: `SSH open to the world ${date(d.driftDay)} .. ${date(d.fixDay)}`,
    },
    {
      story: 'drift left open',
      controlId: 'DAT-01',
      verdict: verdict('DAT-01'),
      detail: `bucket ${driftBucket(facts).name} public since ${date(d.openDriftDay)}`,
    },
    {
      story: 'collector outage',
      controlId: gapControl,
      verdict: verdict(gapControl),
      detail: `okta-users refused ${date(d.outageFrom)} .. ${date(d.outageTo)}; ${gap.length} gap alert(s); those days UNKNOWN`,
    },
  ];
}

/** Extracts every file of a snapshot zip under `dir` (replaced), refusing paths that would leave it. */
export async function extractZip(zip: string, dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  const files: { path: string; bytes: Buffer }[] = [];
  await readZip(
    zip,
    () => true,
    (f) => {
      if (f.bytes) files.push({ path: f.path, bytes: f.bytes });
    },
  );
  for (const f of files) {
    const target = resolve(dir, f.path);
    if (!target.startsWith(dir + sep)) throw new Error(`snapshot entry outside the archive: ${f.path}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, f.bytes);
  }
}

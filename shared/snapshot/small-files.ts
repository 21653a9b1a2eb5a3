import { loadControls, loadFrameworks } from '../../frameworks/index.js';
import type { SnapshotPlan } from './plan.js';
import { oscalAssessmentResults } from './oscal.js';
import { populationCsv } from './populations.js';
import { reportHtml } from './report-html.js';
import { verifyMarkdown } from './verify-md.js';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');

/** Every file of a snapshot other than the evidence, its inclusion proofs and the manifest trio. */
export function* smallFiles(plan: SnapshotPlan, fingerprint: string): Generator<[string, Buffer]> {
  const { request, controls, reports, resultsOf, checkpoint, startCheckpoint } = plan;
  const selected = controls.map((c) => reports.get(c)!);
  const pathOf = new Map(plan.artifacts.map((a) => [a.sha256, a.path]));
  const evidenceOf = (controlId: string): string[] => [
    ...new Set((resultsOf.get(controlId) ?? []).flatMap((r) => r.artifacts.map((h) => pathOf.get(h)!))),
  ];
  const requirements = (request.evaluation.requirements ?? []).filter((q) =>
    q.controls.some((c) => controls.includes(c.controlId)),
  );
  const title =
    request.title ??
    `${request.framework} evidence snapshot ${request.window.start} to ${request.window.end}`;

  for (const c of controls) {
    yield [`results/${c}.json`, json(resultsOf.get(c) ?? [])];
    yield [`populations/${c}.csv`, populationCsv(reports.get(c)!, resultsOf.get(c) ?? [])];
  }
  yield ['window/evaluation.json', json({ window: request.window, controls: selected, requirements })];
  const cp = checkpoint.checkpoint;
  yield [
    'proofs/consistency.json',
    json({
      fromTreeSize: startCheckpoint?.checkpoint.treeSize ?? 0,
      fromRootHash: startCheckpoint?.checkpoint.rootHash ?? null,
      toTreeSize: cp.treeSize,
      toRootHash: cp.rootHash,
      proof: plan.consistency,
    }),
  ];
  yield ['checkpoint.json', json(checkpoint)];
  if (startCheckpoint) yield ['start-checkpoint.json', json(startCheckpoint)];
  yield ['public-key.pem', Buffer.from(plan.publicKeyPem, 'utf8')];
  yield [
    'VERIFY.md',
    verifyMarkdown({ framework: request.framework, window: request.window, checkpoint }, fingerprint),
  ];
  const start = new Date(plan.from).toISOString();
  const end = new Date(plan.to).toISOString();
  yield [
    'index.html',
    reportHtml({
      title,
      framework: request.framework,
      window: request.window,
      createdAt: plan.createdAt,
      checkpoint: cp,
      reports: selected,
      requirements,
      evidenceOf,
      titles: reportTitles(request.framework),
      manualRequirements: (request.evaluation.requirements ?? []).filter((q) => q.status === 'manual'),
      resultsOf: (c) => resultsOf.get(c) ?? [],
    }),
  ];
  yield [
    'oscal/assessment-results.json',
    oscalAssessmentResults({
      title,
      framework: request.framework,
      createdAt: plan.createdAt,
      toolVersion: request.toolVersion,
      start,
      end,
      reports: selected,
      requirements,
      evidenceOf,
    }),
  ];
}

/** Control titles and the framework's requirement titles, for the report. */
function reportTitles(framework: string): Map<string, string> {
  const titles = new Map<string, string>(loadControls().map((c) => [c.id, c.title]));
  for (const q of loadFrameworks().find((f) => f.id === framework)?.requirements ?? [])
    titles.set(q.id, q.title);
  return titles;
}

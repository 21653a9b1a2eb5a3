import { loadControls } from '../../frameworks/index.js';
import type { SnapshotPlan } from './plan.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FRAMEWORKS_DIR, loadFrameworks, parseControlSet } from '../../frameworks/index.js';
import { oscalAssessmentResults } from './oscal.js';
import { oscalMappingCollection } from './oscal-mapping.js';
import { populationCsv } from './populations.js';
import { POPULATION_PATH } from './log-population.js';
import { reportHtml } from './report-html.js';
import { populationSectionHtml } from './report-population.js';
import { snapshotSamples } from './samples.js';
import { WINDOW_CHECKPOINTS_PATH } from './window-checkpoints.js';
import { verifyMarkdown } from './verify-md.js';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');

/** Every file of a snapshot other than the evidence, its inclusion proofs and the manifest trio. */
export function* smallFiles(
  plan: SnapshotPlan,
  /** The report's manual-evidence section (manual-report.ts), when the snapshot archives manual evidence. */
  manualSection?: string,
): Generator<[string, Buffer]> {
  const { request, controls, reports, resultsOf, checkpoint, startCheckpoint } = plan;
  const selected = controls.map((c) => reports.get(c)!);
  const pathOf = new Map(plan.artifacts.map((a) => [a.sha256, a.path]));
  const shaOf = new Map(plan.artifacts.map((a) => [a.path, a.sha256]));
  const controlSet = parseControlSet(JSON.parse(readFileSync(join(FRAMEWORKS_DIR, 'controls.json'), 'utf8')));
  const catalog = controlSet.controls;
  const evidenceOf = (controlId: string): string[] => [
    ...new Set((resultsOf.get(controlId) ?? []).flatMap((r) => r.artifacts.map((h) => pathOf.get(h)!))),
  ];
  // The window's every requirement, as `window` prints it; a control subset keeps the requirements it bears on.
  const requirements = (request.evaluation.requirements ?? []).filter(
    (q) => !request.controls || q.controls.some((c) => controls.includes(c.controlId)),
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
  if (plan.since)
    yield [
      'proofs/consistency-since.json',
      json({
        fromTreeSize: plan.since.treeSize,
        toTreeSize: cp.treeSize,
        toRootHash: cp.rootHash,
        proof: plan.since.proof,
      }),
    ];
  yield [POPULATION_PATH, json(plan.population)];
  yield [WINDOW_CHECKPOINTS_PATH, json(plan.windowCheckpoints)];
  const samples = snapshotSamples(selected, checkpoint, request.auditorNonce);
  yield ['samples.json', json(samples)];
  yield ['checkpoint.json', json(checkpoint)];
  if (startCheckpoint) yield ['start-checkpoint.json', json(startCheckpoint)];
  yield ['public-key.pem', Buffer.from(plan.publicKeyPem, 'utf8')];
  yield ['VERIFY.md', verifyMarkdown({ framework: request.framework, window: request.window, checkpoint })];
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
      ...(manualSection ? { manualSection } : {}),
      extraSections: populationSectionHtml(plan.population, samples),
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
      evidenceOf: (c) => evidenceOf(c).map((path) => ({ path, sha256: shaOf.get(path)! })),
      collectedBy: (c) => catalog.find((k) => k.id === c)?.collectors ?? [],
      mappingHref: 'oscal/mapping.json',
    }),
  ];
  yield [
    'oscal/mapping.json',
    oscalMappingCollection({
      createdAt: plan.createdAt,
      toolVersion: request.toolVersion,
      controlSetVersion: controlSet.version,
      controls: catalog,
      frameworks: loadFrameworks(),
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

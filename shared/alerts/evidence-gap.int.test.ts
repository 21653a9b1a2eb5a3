import { afterAll, describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadControls, loadFrameworks } from '../../frameworks/index.js';
import { awsTestConfig } from '../../test/harness/aws.js';
import { DynamoContentIndex } from '../kernel/content-index.js';
import { createLedgerTable } from '../ledger/dynamo-schema.js';
import { IndexedEvidenceLoader } from '../mapping/evidence-loader.js';
import { evaluateAndRecord } from '../mapping/map-artifact.js';
import { MemoryResultsStore } from '../mapping/memory-results-store.js';
import { rules } from '../rules/registry.js';
import { createControlCatalog } from './catalog.js';
import { checkEvidenceGaps, type GapCheckDeps } from './evidence-gap.js';
import { GapStore } from './gap-store.js';
import { publishTransition, type PublishDeps } from './publish.js';
import { busWithQueue, drain, topicWithQueue, webhookReceiver } from './test-fixtures.js';

const cfg = awsTestConfig();
const ddb = new DynamoDBClient(cfg);
const doc = DynamoDBDocumentClient.from(ddb);
const sns = new SNSClient(cfg);
const sqs = new SQSClient(cfg);
const events = new EventBridgeClient(cfg);
const controls = loadControls();
const catalog = createControlCatalog(controls, loadFrameworks());
const SCOPE = 'account=123456789012,region=global';
const T0 = Date.UTC(2026, 2, 1, 0, 0, 0);
const at = (h: number) => new Date(T0 + h * 3_600_000);
const sha = (c: string) => c.repeat(64);
const hooks: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(hooks.map((h) => h.close()));
});

async function setup(collectors: GapCheckDeps['collectors'], tag = 'gaps') {
  const table = `${tag}-${collectors.map((c) => c.id).join('-')}`.slice(0, 200);
  await createLedgerTable(ddb, table);
  const topic = await topicWithQueue(sns, sqs, `${table}-t`);
  const bus = await busWithQueue(events, sqs, `${table}-b`);
  const hook = await webhookReceiver('/hook');
  hooks.push(hook);
  let clock = at(0);
  const index = new DynamoContentIndex(doc, table);
  const loader = new IndexedEvidenceLoader({
    doc,
    tableName: table,
    index,
    store: {
      get: async () => {
        throw new Error('unused');
      },
    },
  });
  const publishDeps: PublishDeps = {
    claims: { doc, tableName: table },
    message: { catalog, evidenceLinkBase: 'https://evidence.example.com' },
    sns: { client: sns, topicArn: topic.topicArn },
    events: { client: events, busName: bus.busName },
    webhook: { url: async () => hook.url },
    now: () => clock,
  };
  const deps: GapCheckDeps = {
    gaps: new GapStore(doc, table),
    index,
    collectors,
    controls,
    publish: (t) => publishTransition(publishDeps, t),
    now: () => clock,
  };
  /** What a collector run leaves behind: the scope remembered and the content index pointer. */
  const collected = async (collector: string, observedH: number, confirmedH = observedH, c = 'b') => {
    await loader.remember(collector, SCOPE);
    await index.put(collector, SCOPE, {
      sha256: sha(c),
      key: `evidence/${collector}/2026/03/01/x_${sha(c)}.json`,
      contentHash: sha('c'),
      observedAt: at(observedH).toISOString(),
      confirmedAt: at(confirmedH).toISOString(),
    });
  };
  const read = async () => ({
    sns: (await drain(sqs, topic.queueUrl)).map((b) => JSON.parse(b) as { Subject: string; Message: string }),
    events: (await drain(sqs, bus.queueUrl)).map(
      (b) => JSON.parse(b) as { 'detail-type': string; detail: Record<string, unknown> },
    ),
    webhook: hook.bodies.splice(0),
  });
  return { deps, collected, read, setClock: (h: number) => void (clock = at(h)) };
}

describe('checkEvidenceGaps (moto)', () => {
  it('turns the stored state of the controls a stopped collector feeds UNKNOWN, with the reason', async () => {
    const env = await setup([{ id: 'aws-iam-password-policy', ttlHours: 36 }], 'states');
    await env.collected('aws-iam-password-policy', 0, 24);
    const policy = {
      collector: 'aws-iam-password-policy',
      scope: SCOPE,
      sha256: sha('b'),
      observedAt: at(0).toISOString(),
      collectedAt: at(0).toISOString(),
      confirmedAt: at(24).toISOString(),
      data: { present: true, policy: { minimumLength: 16, passwordReusePrevention: 24 } },
      errors: [],
      complete: true,
    };
    const results = new MemoryResultsStore();
    const states = {
      evidence: { latest: async (c: string) => (c === policy.collector ? [policy] : []) },
      results,
      ttlHoursOf: () => 36,
    };
    const iam04 = controls.filter((c) => c.id === 'IAM-04');
    const deps = { ...env.deps, rules: rules.filter((r) => r.collector === policy.collector), states };
    env.setClock(30);
    expect((await checkEvidenceGaps({ ...deps, controls: iam04 })).stateChanges).toEqual([]);
    await evaluateAndRecord({ ...states, controls: iam04, rules: deps.rules, now: () => at(30) }, iam04);
    expect((await results.getState('IAM-04'))!.status).toBe('PASS');

    env.setClock(61); // the collector stopped: 24h + 36h TTL passed without new evidence
    const out = await checkEvidenceGaps({ ...deps, controls: iam04 });
    expect(out.open).toHaveLength(1);
    expect(out.stateChanges).toEqual([
      expect.objectContaining({ controlId: 'IAM-04', from: 'PASS', to: 'UNKNOWN', kind: 'unknown' }),
    ]);
    expect(out.stateChanges[0]!.reason).toContain(
      'evidence from aws-iam-password-policy is stale: last observed 37 hours ago (ttl 36h)',
    );
    expect((await results.getState('IAM-04'))!.status).toBe('UNKNOWN');
    await env.read();
  });

  it('raises one evidence-gap alert when a collector stops producing, and one recovery when it resumes', async () => {
    const env = await setup([{ id: 'aws-iam-password-policy', ttlHours: 36 }]);
    await env.collected('aws-iam-password-policy', 0, 24); // observed at 0h, re-confirmed unchanged at 24h
    env.setClock(50);
    expect((await checkEvidenceGaps(env.deps)).open).toEqual([]);

    env.setClock(61); // 24h + 36h TTL passed
    const first = await checkEvidenceGaps(env.deps);
    env.setClock(62);
    const second = await checkEvidenceGaps(env.deps);
    expect(first.announced.map((t) => [t.kind, t.scope, t.openedAt])).toEqual([
      ['evidence-gap', SCOPE, at(60).toISOString()],
    ]);
    expect(second.announced).toEqual([]);
    expect(second.open.map((t) => t.openedAt)).toEqual([at(60).toISOString()]);
    let got = await env.read();
    expect([got.sns.length, got.events.length, got.webhook.length]).toEqual([1, 1, 1]);
    expect(got.sns[0]!.Subject).toBe(`[Flux] EVIDENCE_GAP aws-iam-password-policy ${SCOPE}: 36h TTL`);
    expect(got.sns[0]!.Message).toContain('Controls affected: IAM-04');
    expect(got.sns[0]!.Message).toContain(`last observed ${at(24).toISOString()}`);
    expect(got.events[0]).toMatchObject({
      'detail-type': 'EvidenceGap',
      detail: { kind: 'EVIDENCE_GAP', scope: SCOPE },
    });
    expect(got.events[0]!.detail.links).toEqual([
      `https://evidence.example.com/evidence/aws-iam-password-policy/2026/03/01/x_${sha('b')}.json`,
    ]);

    await env.collected('aws-iam-password-policy', 63, 63, 'd');
    env.setClock(64);
    const restored = await checkEvidenceGaps(env.deps);
    const quiet = await checkEvidenceGaps(env.deps);
    expect(restored.announced.map((t) => [t.kind, t.openedAt, t.at])).toEqual([
      ['evidence-restored', at(60).toISOString(), at(63).toISOString()],
    ]);
    expect([restored.open, quiet.announced, quiet.open]).toEqual([[], [], []]);
    got = await env.read();
    expect(got.events.map((e) => e.detail.kind)).toEqual(['EVIDENCE_RESTORED']);
    expect([got.sns.length, got.webhook.length]).toEqual([1, 1]);
  });

  it('gives a collector that never ran one TTL of grace, then raises one gap for scope *', async () => {
    const env = await setup([{ id: 'aws-kms-keys', ttlHours: 24 }]);
    env.setClock(0);
    expect((await checkEvidenceGaps(env.deps)).open).toEqual([]);
    env.setClock(23);
    expect((await checkEvidenceGaps(env.deps)).open).toEqual([]);
    env.setClock(25);
    const a = await checkEvidenceGaps(env.deps);
    const b = await checkEvidenceGaps(env.deps);
    expect(a.announced.map((t) => [t.kind, t.scope, t.openedAt])).toEqual([
      ['evidence-gap', '*', at(24).toISOString()],
    ]);
    expect(b.announced).toEqual([]);
    const got = await env.read();
    expect(got.sns.map((m) => m.Message)).toEqual([expect.stringContaining('(never observed)')]);
  });
});

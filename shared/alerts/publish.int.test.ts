import { afterAll, describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadControls, loadFrameworks } from '../../frameworks/index.js';
import { awsTestConfig } from '../../test/harness/aws.js';
import { createLedgerTable } from '../ledger/dynamo-schema.js';
import { MemoryEvidenceLoader } from '../mapping/evidence-loader.js';
import { mapArtifact, type MapDeps } from '../mapping/map-artifact.js';
import { DynamoResultsStore } from '../mapping/results-store.js';
import type { EvidenceInput } from '../mapping/types.js';
import { rule as passwordRule } from '../rules/iam-password-policy-minimum-length.js';
import { defineRule, outcome } from '../rules/types.js';
import { createControlCatalog } from './catalog.js';
import { claimAlert } from './claims.js';
import { publishTransition, publishTransitions, type PublishDeps } from './publish.js';
import { alertKey } from './types.js';
import { busWithQueue, drain, topicWithQueue, webhookReceiver } from './test-fixtures.js';

const cfg = awsTestConfig();
const ddb = new DynamoDBClient(cfg);
const doc = DynamoDBDocumentClient.from(ddb);
const sns = new SNSClient(cfg);
const sqs = new SQSClient(cfg);
const events = new EventBridgeClient(cfg);
const catalog = createControlCatalog(loadControls(), loadFrameworks());
const controls = loadControls();
const SCOPE = 'account=123456789012,region=global';
const WEBHOOK_PATH = '/services/T0000/B0000/hook-path-is-a-secret';
const GH_TOKEN = 'ghp_' + 'Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8';
const T0 = Date.UTC(2026, 2, 1, 0, 0, 0);
const at = (h: number) => new Date(T0 + h * 3_600_000);

let n = 0;
async function setup() {
  n++;
  const table = `alerts-${n}`;
  await createLedgerTable(ddb, table);
  const topic = await topicWithQueue(sns, sqs, `flux-alerts-${n}`);
  const bus = await busWithQueue(events, sqs, `flux-bus-${n}`);
  const hook = await webhookReceiver(WEBHOOK_PATH);
  hooks.push(hook);
  let clock = at(0);
  const results = new DynamoResultsStore(doc, table);
  const deps: PublishDeps = {
    claims: { doc, tableName: table },
    message: { catalog, evidenceLinkBase: 'https://evidence.example.com/view' },
    sns: { client: sns, topicArn: topic.topicArn },
    events: { client: events, busName: bus.busName },
    webhook: { url: async () => hook.url },
    results,
    now: () => clock,
  };
  const read = async () => ({
    sns: (await drain(sqs, topic.queueUrl)).map((b) => JSON.parse(b) as { Subject: string; Message: string }),
    events: (await drain(sqs, bus.queueUrl)).map(
      (b) => JSON.parse(b) as { source: string; 'detail-type': string; detail: Record<string, unknown> },
    ),
    webhook: hook.bodies.splice(0).map((b) => JSON.parse(b) as { text: string; blocks: unknown[] }),
  });
  return { table, deps, results, hook, read, setClock: (d: Date) => void (clock = d) };
}
const hooks: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(hooks.map((h) => h.close()));
});

function evidenceAt(h: number, collector: string, data: unknown, errors: unknown[] = []): EvidenceInput {
  return {
    collector,
    scope: SCOPE,
    sha256: (h + 1).toString(16).padStart(64, 'a'),
    observedAt: at(h).toISOString(),
    collectedAt: at(h).toISOString(),
    data,
    errors,
    complete: errors.length === 0,
  };
}

describe('publishTransition (moto)', () => {
  it('announces PASS→FAIL→FAIL→PASS exactly twice on SNS, EventBridge and the webhook', async () => {
    const env = await setup();
    const lengths = [16, 8, 8, 16];
    const outcomes = [];
    for (const [h, len] of lengths.entries()) {
      const evidence = new MemoryEvidenceLoader();
      evidence.add(
        evidenceAt(h, 'aws-iam-password-policy', {
          present: true,
          policy: { minimumLength: len, passwordReusePrevention: 24 },
        }),
      );
      env.setClock(at(h + 0.5));
      const deps: MapDeps = {
        controls: controls.filter((c) => c.id === 'IAM-04'),
        rules: [passwordRule],
        ttlHoursOf: () => 36,
        evidence,
        results: env.results,
        now: () => at(h + 0.5),
      };
      const { transitions } = await mapArtifact(deps, {
        sha256: 'x',
        collector: 'aws-iam-password-policy',
        scope: SCOPE,
      });
      for (const t of transitions) outcomes.push(await publishTransition(env.deps, t));
    }

    expect(outcomes.map((o) => [o.kind, o.status, o.channels])).toEqual([
      ['DRIFT', 'sent', ['sns', 'events', 'webhook']],
      ['RECOVERED', 'sent', ['sns', 'events', 'webhook']],
    ]);
    const got = await env.read();
    expect(got.sns.map((m) => m.Subject)).toEqual([
      '[Flux] DRIFT IAM-04 (PASS -> FAIL): Password and session policy',
      '[Flux] RECOVERED IAM-04 (FAIL -> PASS): Password and session policy',
    ]);
    expect(got.sns[0]!.Message).toContain(
      'Failing resources (1):\n  - account=123456789012,region=global/account-password-policy',
    );
    expect(got.sns[0]!.Message).toContain(`First seen: ${at(1).toISOString()}`);
    expect(got.sns[0]!.Message).toMatch(/iso27001-2022: .*A\.5\.17/);
    expect(got.sns[0]!.Message).toContain(
      `https://evidence.example.com/view/artifacts/${'2'.padStart(64, 'a')}`,
    );
    expect(
      got.events.map((e) => [e.source, e['detail-type'], e.detail.kind, e.detail.from, e.detail.to]),
    ).toEqual([
      ['flux.evidence', 'ControlStateChanged', 'DRIFT', 'PASS', 'FAIL'],
      ['flux.evidence', 'ControlStateChanged', 'RECOVERED', 'FAIL', 'PASS'],
    ]);
    expect(got.events[0]!.detail).toMatchObject({
      controlId: 'IAM-04',
      alertId: `ALERT#IAM-04#${at(1).toISOString()}#FAIL`,
      failing: [`${SCOPE}/account-password-policy`],
      firstSeenAt: at(1).toISOString(),
    });
    expect(got.webhook.map((w) => w.text)).toEqual(got.sns.map((m) => m.Subject));
  });

  it('sends nothing twice when the same transition is published again, even after a partial failure', async () => {
    const env = await setup();
    const t = {
      controlId: 'IAM-04',
      from: 'PASS' as const,
      to: 'FAIL' as const,
      kind: 'drift' as const,
      at: at(3).toISOString(),
      failing: [{ resource: 'account-password-policy' }],
      reason: 'too short',
    };
    env.hook.failNext(1);
    await expect(publishTransition(env.deps, t)).rejects.toMatchObject({
      code: 'DELIVERY_ERROR',
      channel: 'webhook',
    });
    const retried = await publishTransition(env.deps, t);
    const again = await publishTransition(env.deps, t);
    expect([retried.status, retried.channels]).toEqual(['sent', ['webhook']]);
    expect([again.status, again.channels]).toEqual(['duplicate', []]);
    const got = await env.read();
    expect([got.sns.length, got.events.length, got.webhook.length]).toEqual([1, 1, 1]);
  });

  it('leaves a transition another invocation holds, and takes it over once that lease ran out', async () => {
    const env = await setup();
    const t = {
      controlId: 'LOG-01',
      from: 'PASS' as const,
      to: 'UNKNOWN' as const,
      kind: 'unknown' as const,
      at: at(2).toISOString(),
      failing: [],
      reason: 'collector broke',
    };
    // A concurrent invocation claimed it and then crashed without releasing.
    const held = await claimAlert(env.deps.claims, alertKey(t), {
      kind: 'UNKNOWN',
      now: at(3),
      leaseMs: 120_000,
    });
    expect(held.state).toBe('claimed');
    env.setClock(at(3));
    await expect(publishTransitions(env.deps, [t])).rejects.toMatchObject({ code: 'CONTENTION' });
    expect((await env.read()).sns).toEqual([]);
    env.setClock(new Date(at(3).getTime() + 121_000));
    expect((await publishTransitions(env.deps, [t])).map((o) => o.status)).toEqual(['sent']);
    expect((await publishTransitions(env.deps, [t])).map((o) => o.status)).toEqual(['duplicate']);
    const got = await env.read();
    expect([got.sns.length, got.events.length, got.webhook.length]).toEqual([1, 1, 1]);
  });

  it('announces UNKNOWN once when a collector keeps erroring', async () => {
    const env = await setup();
    const sent = [];
    for (const h of [0, 1, 2]) {
      const evidence = new MemoryEvidenceLoader();
      const errors =
        h === 0
          ? []
          : [{ code: 'AccessDenied', message: 'not authorized', operation: 'GetAccountPasswordPolicy' }];
      evidence.add(evidenceAt(h, 'aws-iam-password-policy', { present: false, policy: null }, errors));
      const { transitions } = await mapArtifact(
        {
          controls: controls.filter((c) => c.id === 'IAM-04'),
          rules: [passwordRule],
          ttlHoursOf: () => 36,
          evidence,
          results: env.results,
          now: () => at(h + 0.5),
        },
        { sha256: 'x', collector: 'aws-iam-password-policy', scope: SCOPE },
      );
      for (const t of transitions) sent.push(await publishTransition(env.deps, t));
      // A retried mapper invocation re-publishes the same transitions: still nothing new.
      for (const t of transitions) expect((await publishTransition(env.deps, t)).status).toBe('duplicate');
    }
    expect(sent.map((o) => o.kind)).toEqual(['DRIFT', 'UNKNOWN']);
    const got = await env.read();
    expect(got.sns.map((m) => m.Subject)).toEqual([
      expect.stringContaining('DRIFT IAM-04 (NEW -> FAIL)'),
      expect.stringContaining('UNKNOWN IAM-04 (FAIL -> UNKNOWN)'),
    ]);
    expect(got.sns[1]!.Message).toContain('GetAccountPasswordPolicy: access was denied');
    expect(got.events.map((e) => e.detail.kind)).toEqual(['DRIFT', 'UNKNOWN']);
    expect(got.webhook).toHaveLength(2);
  });

  it('never lets a planted secret in a resource name or reason reach any channel', async () => {
    const env = await setup();
    const leaky = defineRule<{ users: string[] }>({
      id: 'test-user-secret-leak',
      version: '1.0.0',
      collector: 'aws-iam-credential-report',
      controls: ['IAM-02'],
      title: 'leaky',
      evaluate: (d) =>
        outcome.fail(
          `users without MFA; debug token ${GH_TOKEN} password=hunter2`,
          d.users.map((u) => ({ resource: u, reason: 'client_secret=opaque-client-secret' })),
        ),
    });
    const evidence = new MemoryEvidenceLoader();
    evidence.add(evidenceAt(0, 'aws-iam-credential-report', { users: ['alice', `bob-${GH_TOKEN}`] }));
    const { transitions } = await mapArtifact(
      {
        controls: [
          { ...controls.find((c) => c.id === 'IAM-02')!, collectors: ['aws-iam-credential-report'] },
        ],
        rules: [leaky],
        ttlHoursOf: () => 36,
        evidence,
        results: env.results,
        now: () => at(1),
      },
      { sha256: 'x', collector: 'aws-iam-credential-report', scope: SCOPE },
    );
    expect(transitions).toHaveLength(1);
    await publishTransition(env.deps, transitions[0]!);
    const got = await env.read();
    const all = JSON.stringify(got);
    expect([got.sns.length, got.events.length, got.webhook.length]).toEqual([1, 1, 1]);
    for (const secret of [GH_TOKEN, 'hunter2', 'opaque-client-secret', WEBHOOK_PATH])
      expect(all).not.toContain(secret);
    expect(got.events[0]!.detail.failing).toEqual([`${SCOPE}/alice`, `${SCOPE}/bob-[REDACTED]`]);
  });
});

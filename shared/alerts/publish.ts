import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { ContentionError, DeliveryError } from '../errors.js';
import type { ResultsStore } from '../mapping/results-store.js';
import {
  claimAlert,
  completeAlert,
  markChannelSent,
  releaseAlert,
  type Channel,
  type ClaimTable,
} from './claims.js';
import { buildAlertMessage, type AlertMessage, type AlertMessageOptions } from './message.js';
import {
  alertKey,
  alertKind,
  isGapTransition,
  isManualTransition,
  type AlertKind,
  type AlertTransition,
} from './types.js';
import { postWebhook, type WebhookTarget } from './webhook.js';

/** EventBridge `source` of every alert event. */
export const ALERT_EVENT_SOURCE = 'flux.evidence';

/** Everything publishing needs; each channel is optional. */
export interface PublishDeps {
  /** The table holding `ALERT#...` idempotency items (the ledger table). */
  readonly claims: ClaimTable;
  readonly message: AlertMessageOptions;
  readonly sns?: { readonly client: SNSClient; readonly topicArn: string };
  readonly events?: { readonly client: EventBridgeClient; readonly busName: string };
  readonly webhook?: WebhookTarget;
  /** When given, a control transition without `artifacts` gets them from the result that caused it. */
  readonly results?: Pick<ResultsStore, 'results'>;
  readonly now: () => Date;
  /** How long a claim blocks concurrent attempts before a retry may take over (default 2 minutes; keep it above the function timeout). */
  readonly leaseMs?: number;
}

/** What happened to one transition. */
export interface PublishOutcome {
  readonly key: string;
  readonly kind: AlertKind;
  /** `sent`: announced now; `duplicate`: announced before; `in-progress`: another invocation holds it. */
  readonly status: 'sent' | 'duplicate' | 'in-progress';
  /** Channels reached by this call. */
  readonly channels: readonly Channel[];
}

/** The artifacts read by the result that made the transition, from the results store. */
async function withArtifacts(deps: PublishDeps, t: AlertTransition): Promise<AlertTransition> {
  if (isGapTransition(t) || isManualTransition(t) || t.artifacts || !deps.results) return t;
  for await (const r of deps.results.results(t.controlId, t.at, t.at)) {
    if (r.status === t.to) return { ...t, artifacts: r.artifacts };
  }
  return t;
}

async function send(deps: PublishDeps, channel: Channel, msg: AlertMessage): Promise<void> {
  if (channel === 'sns') {
    await deps.sns!.client.send(
      new PublishCommand({
        TopicArn: deps.sns!.topicArn,
        Subject: msg.subject,
        Message: msg.text,
        // Lets subscriptions filter, e.g. email only on DRIFT and EVIDENCE_GAP.
        MessageAttributes: { kind: { DataType: 'String', StringValue: msg.kind } },
      }),
    );
  } else if (channel === 'events') {
    const res = await deps.events!.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: deps.events!.busName,
            Source: ALERT_EVENT_SOURCE,
            DetailType: msg.detailType,
            Detail: JSON.stringify(msg.detail),
            Time: deps.now(),
          },
        ],
      }),
    );
    if (res.FailedEntryCount) {
      const e = res.Entries?.[0];
      throw new DeliveryError('events', 'PutEvents rejected the alert', { errorCode: e?.ErrorCode });
    }
  } else {
    await postWebhook(deps.webhook!, msg.slack);
  }
}

/**
 * Publishes one transition once to SNS, EventBridge and the optional webhook. A conditional write of
 * `ALERT#<controlId>#<at>#<to>` (or the gap's key) comes first, so a retried invocation, or a concurrent one,
 * does not announce it again; channels reached before a failure are recorded and skipped by the retry. A
 * failure releases the claim and rethrows, so the Lambda retry (or the next run) completes the delivery.
 */
export async function publishTransition(
  deps: PublishDeps,
  transition: AlertTransition,
): Promise<PublishOutcome> {
  const key = alertKey(transition);
  const kind = alertKind(transition);
  const claim = await claimAlert(deps.claims, key, {
    kind,
    now: deps.now(),
    leaseMs: deps.leaseMs ?? 120_000,
  });
  if (claim.state !== 'claimed') {
    return { key, kind, status: claim.state === 'sent' ? 'duplicate' : 'in-progress', channels: [] };
  }
  const channels: Channel[] = [];
  try {
    const msg = buildAlertMessage(await withArtifacts(deps, transition), deps.message);
    const wanted: Channel[] = [
      ...(deps.sns ? (['sns'] as const) : []),
      ...(deps.events ? (['events'] as const) : []),
      ...(deps.webhook ? (['webhook'] as const) : []),
    ];
    for (const channel of wanted.filter((c) => !claim.sent.has(c))) {
      await send(deps, channel, msg);
      await markChannelSent(deps.claims, key, channel);
      channels.push(channel);
    }
    await completeAlert(deps.claims, key, deps.now());
  } catch (err) {
    await releaseAlert(deps.claims, key);
    throw err;
  }
  return { key, kind, status: 'sent', channels };
}

/**
 * Publishes several transitions, each once. Every transition is attempted; if any failed, the first error is
 * rethrown after the others went out (a retry then finds the delivered ones already announced). A transition
 * another invocation is still publishing raises ContentionError, so a crashed holder's alert is not lost.
 */
export async function publishTransitions(
  deps: PublishDeps,
  transitions: readonly AlertTransition[],
): Promise<PublishOutcome[]> {
  const out: PublishOutcome[] = [];
  const errors: unknown[] = [];
  for (const t of transitions) {
    try {
      out.push(await publishTransition(deps, t));
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length > 0) throw errors[0];
  // Held by another invocation that may still crash: fail so the retry finds it SENT (a duplicate) or takes over.
  const held = out.filter((o) => o.status === 'in-progress');
  if (held.length > 0) {
    throw new ContentionError('alerts are being published by another invocation', {
      keys: held.map((o) => o.key),
    });
  }
  return out;
}

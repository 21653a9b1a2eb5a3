import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { ALERT_EVENT_SOURCE } from '../../shared/alerts/publish.js';
import { DeliveryError } from '../../shared/errors.js';
import type { ForkAlert, LedgerFork } from './sequence.js';

/** The alert channels a fork goes to: the alerts topic (e-mail) and the Flux event bus. */
export interface ForkAlertChannels {
  readonly sns: { readonly client: SNSClient; readonly topicArn: string };
  readonly events: { readonly client: EventBridgeClient; readonly busName: string };
}

/** The SNS message of a fork (plain text, no secrets: sizes, roots and the failed check only). */
export function forkAlertText(f: LedgerFork): string {
  return [
    `The ledger ${f.origin} no longer extends its last signed checkpoint; the sequencer signed nothing.`,
    `Last good checkpoint: tree size ${f.signed.treeSize}, root ${f.signed.rootHash}, signed ${f.signed.timestamp}.`,
    `Head found: tree size ${f.head.treeSize}, root ${f.head.rootHash}.`,
    `Failed check: ${f.check}: ${f.reason}`,
    'Someone wrote log items outside the sequencer. Run `flux-evidence audit` and compare the locked checkpoints under checkpoints/ in the evidence bucket.',
  ].join('\n');
}

/**
 * Publishes a `ledger-fork` alert to the alerts topic (message attribute kind=LEDGER_FORK, so subscriptions can
 * filter) and as a `LedgerFork` event on the Flux bus. Both channels are tried; the first failure is rethrown.
 */
export function forkAlert(channels: ForkAlertChannels): ForkAlert {
  return async (fork) => {
    const results = await Promise.allSettled([
      channels.sns.client.send(
        new PublishCommand({
          TopicArn: channels.sns.topicArn,
          Subject: `Flux Evidence: LEDGER FORK - signing refused at tree size ${fork.head.treeSize}`,
          Message: forkAlertText(fork),
          MessageAttributes: { kind: { DataType: 'String', StringValue: 'LEDGER_FORK' } },
        }),
      ),
      channels.events.client
        .send(
          new PutEventsCommand({
            Entries: [
              {
                EventBusName: channels.events.busName,
                Source: ALERT_EVENT_SOURCE,
                DetailType: 'LedgerFork',
                Detail: JSON.stringify({ schema: 'flux.alert/v1', ...fork, kind: 'LEDGER_FORK' }),
                Time: new Date(fork.detectedAt),
              },
            ],
          }),
        )
        .then((res) => {
          if (res.FailedEntryCount) {
            throw new DeliveryError('events', 'PutEvents rejected the ledger-fork alert', {
              errorCode: res.Entries?.[0]?.ErrorCode,
            });
          }
        }),
    ]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
}

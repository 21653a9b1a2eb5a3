import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { ALERT_EVENT_SOURCE } from '../../shared/alerts/publish.js';
import { DeliveryError } from '../../shared/errors.js';
import type { RefusalAlert } from './drain.js';
import type { ForkAlert, LedgerFork } from './sequence.js';

/** Where the sequencer's alerts go: the alerts topic (e-mail) and the Flux event bus. */
export interface LedgerAlertChannels {
  readonly sns: { readonly client: SNSClient; readonly topicArn: string };
  readonly events: { readonly client: EventBridgeClient; readonly busName: string };
}

/** The SNS message of a fork (plain text, no secrets: sizes, roots and the failed check only). */
function forkAlertText(f: LedgerFork): string {
  return [
    `The ledger ${f.origin} no longer extends its last signed checkpoint; the sequencer signed nothing.`,
    `Last good checkpoint: tree size ${f.signed.treeSize}, root ${f.signed.rootHash}, signed ${f.signed.timestamp}.`,
    `Head found: tree size ${f.head.treeSize}, root ${f.head.rootHash}.`,
    `Failed check: ${f.check}: ${f.reason}`,
    'Someone wrote log items outside the sequencer. Run `flux-evidence audit` and compare the locked checkpoints under checkpoints/ in the evidence bucket.',
  ].join('\n');
}

/** Publishes one ledger alert to the topic (attribute kind, for filtering) and the bus; both are tried. */
async function publish(
  channels: LedgerAlertChannels,
  alert: { kind: string; subject: string; text: string; detailType: string; detail: object; at: Date },
): Promise<void> {
  const results = await Promise.allSettled([
    channels.sns.client.send(
      new PublishCommand({
        TopicArn: channels.sns.topicArn,
        Subject: alert.subject,
        Message: alert.text,
        MessageAttributes: { kind: { DataType: 'String', StringValue: alert.kind } },
      }),
    ),
    channels.events.client
      .send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: channels.events.busName,
              Source: ALERT_EVENT_SOURCE,
              DetailType: alert.detailType,
              Detail: JSON.stringify({ schema: 'flux.alert/v1', ...alert.detail, kind: alert.kind }),
              Time: alert.at,
            },
          ],
        }),
      )
      .then((res) => {
        if (res.FailedEntryCount) {
          throw new DeliveryError('events', `PutEvents rejected the ${alert.kind} alert`, {
            errorCode: res.Entries?.[0]?.ErrorCode,
          });
        }
      }),
  ]);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** A `ledger-fork` alert: kind LEDGER_FORK on the topic, a `LedgerFork` event on the bus. */
export function forkAlert(channels: LedgerAlertChannels): ForkAlert {
  return (fork) =>
    publish(channels, {
      kind: 'LEDGER_FORK',
      subject: `Flux Evidence: LEDGER FORK - signing refused at tree size ${fork.head.treeSize}`,
      text: forkAlertText(fork),
      detailType: 'LedgerFork',
      detail: fork,
      at: new Date(fork.detectedAt),
    });
}

/** Refused append requests: kind APPEND_REFUSED on the topic, an `AppendRefused` event on the bus. */
export function refusalAlert(channels: LedgerAlertChannels, now: () => Date): RefusalAlert {
  return (refused) => {
    const shown = refused.slice(0, 20);
    return publish(channels, {
      kind: 'APPEND_REFUSED',
      subject: `Flux Evidence: ${refused.length} evidence append request(s) refused`,
      text: [
        `The sequencer refused ${refused.length} append request(s); nothing of them was added to the log.`,
        ...shown.map((r) => `- ${r.reason}: ${r.key ?? '(unparsed request)'}: ${r.message}`),
        ...(refused.length > shown.length ? [`... and ${refused.length - shown.length} more`] : []),
      ].join('\n'),
      detailType: 'AppendRefused',
      detail: { count: refused.length, refused: shown },
      at: now(),
    });
  };
}

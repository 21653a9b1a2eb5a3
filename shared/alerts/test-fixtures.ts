import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateEventBusCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { ALERT_EVENT_SOURCE } from './publish.js';

/** Test helpers: alert channels on the emulator that can be read back, and a local webhook receiver. */

async function queue(sqs: SQSClient, name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl!, arn: attrs.Attributes!.QueueArn! };
}

/** An SNS topic with an SQS subscription; returns the topic ARN and the queue to read deliveries from. */
export async function topicWithQueue(sns: SNSClient, sqs: SQSClient, name: string) {
  const q = await queue(sqs, `${name}-sns`);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn }));
  return { topicArn: TopicArn!, queueUrl: q.url };
}

/** An event bus whose `flux.evidence` events are routed to an SQS queue (moto delivers to SQS targets). */
export async function busWithQueue(events: EventBridgeClient, sqs: SQSClient, name: string) {
  const q = await queue(sqs, `${name}-events`);
  await events.send(new CreateEventBusCommand({ Name: name }));
  await events.send(
    new PutRuleCommand({
      Name: `${name}-alerts`,
      EventBusName: name,
      EventPattern: JSON.stringify({ source: [ALERT_EVENT_SOURCE] }),
    }),
  );
  await events.send(
    new PutTargetsCommand({ Rule: `${name}-alerts`, EventBusName: name, Targets: [{ Id: 'q', Arn: q.arn }] }),
  );
  return { busName: name, queueUrl: q.url };
}

/** Reads (and deletes) every message now in a queue. */
export async function drain(sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const res = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    const msgs = res.Messages ?? [];
    if (msgs.length === 0) return out;
    for (const m of msgs) {
      out.push(m.Body ?? '');
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
}

/** A local webhook receiver; `failNext(n)` answers the next n requests with 500. */
export async function webhookReceiver(path: string) {
  const bodies: string[] = [];
  let failures = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url !== path || req.method !== 'POST') return void res.writeHead(404).end();
      if (failures > 0) {
        failures--;
        return void res.writeHead(500).end('boom');
      }
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    bodies,
    failNext: (n: number) => void (failures = n),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

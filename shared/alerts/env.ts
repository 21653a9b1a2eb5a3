import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { FRAMEWORK_IDS, loadControls, loadFrameworks } from '../../frameworks/index.js';
import { createControlCatalog } from './catalog.js';
import type { PublishDeps } from './publish.js';
import { webhookUrlFromSecret } from './webhook.js';
import { ConfigError, formatIssues } from '../errors.js';
import { DynamoResultsStore } from '../mapping/results-store.js';

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

/** The environment of the alerts and evidence-gap functions; parsed once at cold start. */
export const AlertsEnvSchema = z.object({
  TABLE_NAME: z.string().min(3),
  ALERT_TOPIC_ARN: z.string().startsWith('arn:'),
  EVENT_BUS_NAME: z.string().min(1),
  /** Secrets Manager id of the webhook URL (`alerts.webhookUrlSecret`); no webhook when absent. */
  WEBHOOK_SECRET_ID: z.string().min(1).optional(),
  /** `alerts.evidenceLinkBase`. */
  EVIDENCE_LINK_BASE: z.url().optional(),
  /** Frameworks in scope, comma-separated; all four when absent. */
  FRAMEWORKS: csv.pipe(z.array(z.enum(FRAMEWORK_IDS)).min(1)).optional(),
  AWS_REGION: z.string().min(1),
  /** Only for local runs against the emulator. */
  AWS_ENDPOINT_URL: z.url().optional(),
});
export type AlertsEnv = z.infer<typeof AlertsEnvSchema>;

/** Parses the environment with `schema`; throws ConfigError listing every bad key. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> {
  const r = schema.safeParse(env);
  if (!r.success) throw new ConfigError(formatIssues(r.error.issues));
  return r.data;
}

/** Builds the publishing clients, catalog and claim table from the environment. */
export function buildPublishDeps(env: AlertsEnv): PublishDeps & { doc: DynamoDBDocumentClient } {
  const conn = {
    region: env.AWS_REGION,
    ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}),
  };
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(conn));
  const frameworks = loadFrameworks().filter((f) => !env.FRAMEWORKS || env.FRAMEWORKS.includes(f.id));
  return {
    doc,
    claims: { doc, tableName: env.TABLE_NAME },
    message: {
      catalog: createControlCatalog(loadControls(), frameworks),
      ...(env.EVIDENCE_LINK_BASE ? { evidenceLinkBase: env.EVIDENCE_LINK_BASE } : {}),
    },
    sns: { client: new SNSClient(conn), topicArn: env.ALERT_TOPIC_ARN },
    events: { client: new EventBridgeClient(conn), busName: env.EVENT_BUS_NAME },
    ...(env.WEBHOOK_SECRET_ID
      ? { webhook: { url: webhookUrlFromSecret(new SecretsManagerClient(conn), env.WEBHOOK_SECRET_ID) } }
      : {}),
    results: new DynamoResultsStore(doc, env.TABLE_NAME),
    now: () => new Date(),
  };
}

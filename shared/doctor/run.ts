import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoContentIndex } from '../kernel/content-index.js';
import type { FluxConfig } from '../config/schema.js';
import { DynamoLedger } from '../ledger/dynamo-ledger.js';
import { IndexedEvidenceLoader } from '../mapping/evidence-loader.js';
import { S3EvidenceStore } from '../store/s3-store.js';
import {
  checkAlertTopic,
  checkCheckpoint,
  checkLastRuns,
  checkMemberRoles,
  checkSchedules,
  checkStacks,
  type Check,
  type DoctorDeps,
} from './checks.js';

/**
 * Runs every check in order: stacks, member roles, schedules, last run per scheduled collector, the latest
 * checkpoint, alert subscribers. A check that cannot run (an API error) is reported as failed, never skipped.
 */
export async function runDoctor(d: DoctorDeps): Promise<Check[]> {
  const guard = async <T>(check: string, fn: () => Promise<T>, fallback: (c: Check) => T): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      return fallback({
        check,
        status: 'fail',
        detail: `could not check: ${(e as Error).name}: ${(e as Error).message}`,
      });
    }
  };
  const stacks = await guard(
    'stacks',
    () => checkStacks(d),
    (c) => ({ checks: [c], outputs: {} as Record<string, string> }),
  );
  const members = await guard(
    'member roles',
    () => checkMemberRoles(d),
    (c) => [c],
  );
  const schedules = await guard(
    'schedules',
    () => checkSchedules(d),
    (c) => ({ checks: [c], collectors: [] }),
  );
  const runs = await guard(
    'last runs',
    () => checkLastRuns(d, schedules.collectors),
    (c) => [c],
  );
  const checkpoint = await guard(
    'checkpoint',
    () => checkCheckpoint(d),
    (c) => c,
  );
  const topic = await guard(
    'alert subscribers',
    () => checkAlertTopic(d, stacks.outputs.AlertsTopicArn),
    (c) => c,
  );
  return [...stacks.checks, ...members, ...schedules.checks, ...runs, checkpoint, topic];
}

/** The doctor's clients for a configured deployment (`deployment` block), with the caller's credentials. */
export function buildDoctorDeps(
  config: FluxConfig & { deployment: NonNullable<FluxConfig['deployment']> },
  configPath: string,
  endpoint?: string,
  now: () => Date = () => new Date(),
): DoctorDeps {
  const d = config.deployment;
  const conn = { region: d.region, ...(endpoint ? { endpoint } : {}) };
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(conn));
  const store = new S3EvidenceStore({
    s3: new S3Client({ ...conn, forcePathStyle: !!endpoint }),
    bucket: d.evidenceBucket,
    retention: config.retention,
  });
  const index = new DynamoContentIndex(doc, d.ledgerTable);
  return {
    config,
    configPath,
    cfn: new CloudFormationClient(conn),
    sts: new STSClient(conn),
    orgs: new OrganizationsClient(conn),
    scheduler: new SchedulerClient(conn),
    sns: new SNSClient(conn),
    ledger: new DynamoLedger({ client: doc, tableName: d.ledgerTable, origin: config.origin }),
    evidence: new IndexedEvidenceLoader({ doc, tableName: d.ledgerTable, index, store }),
    now,
  };
}

import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FluxConfig } from '../../shared/config/schema.js';
import { acknowledge } from '../nag/acknowledge.js';
import { evidenceObjectsArn } from './evidence-store.js';
import { FluxFunction } from './flux-function.js';
import { evidencePrefixFinding, grantLedger, type DataPlane } from './grants.js';

/** The upload API's routes (functions/manual-upload/handler.ts dispatches on the same route keys). */
const MANUAL_ROUTES = ['/manual/uploads', '/manual/evidence', '/manual/approvals', '/manual/exceptions'];
/** Where people's statements are stored (create-only, then queued for the sequencer). */
const STATEMENT_PREFIXES = ['manual', 'approval', 'exception'] as const;
/** Where uploaded files land, under their SHA-256. */
const FILES_PREFIX = 'manual-files';

export interface ManualUploadProps {
  readonly config: FluxConfig;
  readonly data: DataPlane;
  /** The HTTP API (IAM authorization on every route) the snapshot API built. */
  readonly api: apigw.HttpApi;
  /** The sequencer's append queue: the upload function's only way into the log. */
  readonly appendQueue: sqs.IQueue;
  readonly opsKey: kms.IKey;
  readonly alarmAction: cwActions.SnsAction;
}

/**
 * Manual evidence through the HTTP API (docs/DEPLOY.md, "Manual evidence in a deployment"): POST /manual/uploads
 * presigns a create-only PUT of a declared file (size, SHA-256, `If-None-Match: *` signed), POST /manual/evidence
 * reads the object back and checks its size and hash before the `manual` statement is stored and queued,
 * POST /manual/approvals and /manual/exceptions store and queue approvals and risk acceptances. The function's role
 * may create objects under manual-files/ (what the presigned PUT runs as) and the statement prefixes, read them,
 * read the ledger, and send to the append queue; it cannot write a log item.
 */
export class ManualUpload extends Construct {
  readonly function: FluxFunction;

  constructor(scope: Construct, id: string, props: ManualUploadProps) {
    super(scope, id);
    const { config, data } = props;
    this.function = new FluxFunction(this, 'Handler', {
      entry: 'functions/manual-upload/handler.ts',
      description: 'manual evidence upload API (presign, complete, approve, exception)',
      // Completion reads the uploaded file back (up to 100 MiB) to rehash it.
      timeout: Duration.minutes(2),
      memorySize: 1024,
      encryptionKey: props.opsKey,
      alarmAction: props.alarmAction,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'flux-manual-upload',
        EVIDENCE_BUCKET: data.bucket.bucketName,
        EVIDENCE_KEY_ARN: data.dataKey.keyArn,
        APPEND_QUEUE_URL: props.appendQueue.queueUrl,
        FLUX_CONFIG: JSON.stringify({
          origin: config.origin,
          retention: config.retention,
          auditors: config.auditors,
        }),
      },
    });
    const f = this.function;
    f.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PresignedUploads',
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [evidenceObjectsArn(f, FILES_PREFIX)],
      }),
      new iam.PolicyStatement({
        sid: 'PeopleStatements',
        actions: ['s3:PutObject', 's3:PutObjectRetention', 's3:GetObject'],
        resources: STATEMENT_PREFIXES.map((p) => evidenceObjectsArn(f, p)),
      }),
      new iam.PolicyStatement({
        sid: 'ListPeopleStatements',
        actions: ['s3:ListBucket'],
        resources: [data.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': STATEMENT_PREFIXES.map((p) => `${p}/*`) } },
      }),
      new iam.PolicyStatement({
        sid: 'EvidenceKey',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [data.dataKey.keyArn],
      }),
    );
    // Approvals look the approved document up in the log; nothing here writes a log item.
    grantLedger(f, data, 'read');
    props.appendQueue.grantSendMessages(f.role);
    acknowledge(
      f.role,
      'Uploaded files are keyed by their SHA-256 and statements by kind, date and hash: unknown until a person adds one.',
      ...[FILES_PREFIX, ...STATEMENT_PREFIXES].map((p) => evidencePrefixFinding(f, p)),
    );
    const integration = new HttpLambdaIntegration('ManualEvidence', f.fn);
    for (const path of MANUAL_ROUTES)
      props.api.addRoutes({ path, methods: [apigw.HttpMethod.POST], integration });
  }
}

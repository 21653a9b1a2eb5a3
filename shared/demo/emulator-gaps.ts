import type { IncomingMessage } from 'node:http';
import { startIamRewriteProxy } from './iam-rewrite-proxy.js';

/** An answer in the real AWS wire shape for an operation moto 5.2.1 does not implement. */
interface GapAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const regionOf = (req: IncomingMessage) =>
  /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'us-east-1';

/**
 * The operations the demo's collectors call that moto does not implement (it answers an HTML 500 the SDK cannot
 * parse), answered as AWS answers them for the state the demo company's readiness project set up: EBS default
 * encryption with the AWS-managed key, AWS Config delivering successfully, the AWS Backup plan's selection of every
 * resource, and Security Hub's AWS Foundational Security Best Practices standard subscribed and ready. The
 * subscription ARN names this shim instead of an account, so the evidence shows where the answer came from.
 * Everything else goes to the emulator untouched.
 */
function emulatorGapAnswer(req: IncomingMessage, body: string): GapAnswer | undefined {
  const target = String(req.headers['x-amz-target'] ?? '');
  const json = (value: unknown, type = 'application/x-amz-json-1.1') => ({
    status: 200,
    contentType: type,
    body: JSON.stringify(value),
  });
  if (/(^|&)Action=GetEbsDefaultKmsKeyId(&|$)/.test(body))
    return {
      status: 200,
      contentType: 'text/xml',
      body: `<GetEbsDefaultKmsKeyIdResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>demo-emulator-gap</requestId><kmsKeyId>alias/aws/ebs</kmsKeyId></GetEbsDefaultKmsKeyIdResponse>`,
    };
  if (target === 'StarlingDoveService.DescribeDeliveryChannelStatus') {
    const ok = { lastStatus: 'SUCCESS' };
    return json({
      DeliveryChannelsStatus: [
        { name: 'default', configSnapshotDeliveryInfo: ok, configHistoryDeliveryInfo: ok },
      ],
    });
  }
  const selections = /^\/backup\/plans\/([^/]+)\/selections\/?(\?|$)/.exec(req.url ?? '');
  if (req.method === 'GET' && selections)
    return json(
      {
        BackupSelectionsList: [
          {
            SelectionId: `sel-${selections[1]}`,
            SelectionName: 'all-tagged-resources',
            BackupPlanId: selections[1],
          },
        ],
      },
      'application/json',
    );
  if (req.method === 'POST' && (req.url ?? '').startsWith('/standards/get')) {
    const region = regionOf(req);
    const std = 'aws-foundational-security-best-practices/v/1.0.0';
    return json(
      {
        StandardsSubscriptions: [
          {
            StandardsSubscriptionArn: `arn:aws:securityhub:${region}:demo-emulator-gap:subscription/${std}`,
            StandardsArn: `arn:aws:securityhub:${region}::standards/${std}`,
            StandardsInput: {},
            StandardsStatus: 'READY',
          },
        ],
      },
      'application/json',
    );
  }
  return undefined;
}

/**
 * moto's credential report has no `<root_account>` row; every real account's report has one. The demo company's
 * root user has MFA on and no access keys (its readiness project), so the proxy adds that row, in the report's own
 * columns, to moto's answer. The row's `arn` names the account (from the report's rows, or from the AssumeRole
 * answer that issued the caller's key); its creation time, which moto cannot know, is the report's GeneratedTime.
 */
function withRootRow(xml: string, knownAccount?: string): string {
  const m = /<Content>([^<]*)<\/Content>/.exec(xml);
  const generated = /<GeneratedTime>([^<]+)<\/GeneratedTime>/.exec(xml)?.[1];
  if (!m || !generated) return xml;
  const csv = Buffer.from(m[1]!, 'base64').toString('utf8');
  const lines = csv.split('\n');
  if (lines.some((l) => l.startsWith('<root_account>,'))) return xml;
  const header = lines[0]!.split(',');
  const account = /arn:aws:iam::(\d{12}):/.exec(lines[1]?.split(',')[1] ?? '')?.[1] ?? knownAccount;
  if (!account) return xml;
  const value: Record<string, string> = {
    user: '<root_account>',
    arn: `arn:aws:iam::${account}:root`,
    user_creation_time: generated,
    password_enabled: 'not_supported',
    password_last_used: 'no_information',
    password_last_changed: 'not_supported',
    password_next_rotation: 'not_supported',
    mfa_active: 'true',
  };
  const row = header.map((h) => value[h] ?? (h.endsWith('_active') ? 'false' : 'N/A')).join(',');
  const content = Buffer.from([lines[0], row, ...lines.slice(1)].join('\n')).toString('base64');
  return xml.replace(m[0], `<Content>${content}</Content>`);
}

/** A loopback proxy in front of the emulator that fills its gaps (see {@link emulatorGapAnswer}). */
export function startEmulatorGapProxy(
  target: string,
): Promise<{ endpoint: string; close: () => Promise<void> }> {
  return startIamRewriteProxy(target, {
    actions: ['GetCredentialReport'],
    answer: emulatorGapAnswer,
    rewrite: (_action, text, account) => withRootRow(text, account),
  });
}

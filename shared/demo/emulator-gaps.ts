import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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

/** A loopback proxy in front of the emulator that fills its gaps (see {@link emulatorGapAnswer}). */
export async function startEmulatorGapProxy(
  target: string,
): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const answer = emulatorGapAnswer(req, body.toString());
      if (answer) {
        res.writeHead(answer.status, {
          'content-type': answer.contentType,
          'x-amzn-requestid': 'demo-emulator-gap',
        });
        res.end(answer.body);
        return;
      }
      const fwd = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      fwd.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      fwd.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

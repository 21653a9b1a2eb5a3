import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { DependencyError, InvalidSourceDataError } from '../../errors.js';
import { essentialCall } from '../../kernel/errors.js';
import { defineCollector, type CollectorContext } from '../../kernel/types.js';
import type { AwsExtras } from '../../sources/aws/extras.js';
import { meta } from './meta.js';
import { parseCredentialReport } from './parse-report.js';
import { schema, type CredentialReportData } from './schema.js';

/** How long to wait for IAM to finish a report: attempts × delay (AWS usually needs a few seconds). */
export const REPORT_WAIT = { attempts: 10, delayMs: 2_000 } as const;

/** The resource the report's calls are recorded against. */
const REPORT = 'credential-report';

/** `extras.sleep` lets tests and the CLI replace the real delay; the default waits with a timer. */
type Sleep = NonNullable<AwsExtras['sleep']>;
const timerSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForReport(ctx: CollectorContext<AwsExtras>): Promise<void> {
  const sleep = typeof ctx.extras.sleep === 'function' ? ctx.extras.sleep : timerSleep;
  const iam = ctx.aws(IAMClient);
  let state: string | undefined;
  for (let attempt = 1; attempt <= REPORT_WAIT.attempts; attempt += 1) {
    ({ State: state } = await essentialCall(REPORT, 'GenerateCredentialReport', () =>
      iam.send(new GenerateCredentialReportCommand({})),
    ));
    if (state === 'COMPLETE') return;
    if (attempt < REPORT_WAIT.attempts) await sleep(REPORT_WAIT.delayMs);
  }
  // "timeout" in the message makes the runner classify it as Timeout, like any other source timeout.
  throw new DependencyError(
    'IAM credential report',
    `generation timeout: not COMPLETE after ${REPORT_WAIT.attempts} calls (last state ${state ?? 'none'})`,
  );
}

export const collector = defineCollector<CredentialReportData>({
  meta,
  schema,
  async collect(ctx) {
    await waitForReport(ctx);
    // One report holds every user: a failed call is recorded against it, and the rules read UNKNOWN naming it.
    const report = await essentialCall(REPORT, 'GetCredentialReport', () =>
      ctx.aws(IAMClient).send(new GetCredentialReportCommand({})),
    );
    if (!report.Content || !report.GeneratedTime) {
      throw new InvalidSourceDataError('IAM credential report', [
        'GetCredentialReport returned no content or time',
      ]);
    }
    if (report.ReportFormat && report.ReportFormat !== 'text/csv') {
      throw new InvalidSourceDataError('IAM credential report', [`unexpected format ${report.ReportFormat}`]);
    }
    const { root, users } = parseCredentialReport(Buffer.from(report.Content).toString('utf8'));
    const generatedAt = report.GeneratedTime.toISOString();
    if (!root) ctx.provenance.note('the credential report has no <root_account> row');
    return { data: { generatedAt, root, users }, observedAt: generatedAt };
  },
});

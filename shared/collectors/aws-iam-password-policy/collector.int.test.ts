import { describe, expect, it } from '@jest/globals';
import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';

const scope = { account: '123456789012', region: 'global' };
const deps = () => ({ connection: awsTestConfig(), now: () => new Date('2026-03-01T00:00:00Z') });

describe('aws-iam-password-policy', () => {
  it('reports an account without a password policy as present=false', async () => {
    const { envelope } = await collectEnvelope(collector, scope, deps());
    expect(envelope.data).toEqual({ present: false, policy: null });
    expect(envelope.errors).toEqual([]);
    expect(envelope.provenance.complete).toBe(true);
    expect(envelope.provenance.identity).toMatch(/^arn:aws:/);
  });

  it('collects the policy settings with the call in provenance', async () => {
    await new IAMClient(awsTestConfig()).send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 14,
        RequireSymbols: true,
        PasswordReusePrevention: 24,
      }),
    );
    const { envelope } = await collectEnvelope(collector, scope, deps());
    expect(envelope.data).toMatchObject({
      present: true,
      policy: { minimumLength: 14, requireSymbols: true, passwordReusePrevention: 24 },
    });
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({ service: 'IAM', operation: 'GetAccountPasswordPolicy', pages: 1, items: 1 }),
    );
  });
});

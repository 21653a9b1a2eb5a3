import { describe, expect, it } from '@jest/globals';
import { ConfigError, ValidationError } from '../../shared/errors.js';
import { AlertsEnvSchema, parseEnv } from '../../shared/alerts/env.js';
import { parseAlertsInput } from './event.js';

const t = {
  controlId: 'IAM-04',
  to: 'UNKNOWN',
  kind: 'unknown',
  at: '2026-03-01T01:00:00.000Z',
  failing: [],
  reason: 'collector aws-iam-password-policy reported 1 error(s): AccessDenied',
};

describe('alerts handler input', () => {
  it('accepts a direct result, a Lambda destination record and an EventBridge event', () => {
    for (const event of [
      { transitions: [t] },
      { responsePayload: { transitions: [t] } },
      { detail: { transitions: [t] } },
      { source: 'lambda', detail: { responsePayload: { transitions: [{ ...t, from: null }] } } },
    ]) {
      expect(parseAlertsInput(event)).toEqual([{ ...t, from: undefined }]);
    }
  });

  it('rejects anything else, listing the problems', () => {
    expect(() => parseAlertsInput({ transitions: [{ ...t, to: 'MAYBE', at: 'yesterday' }] })).toThrow(
      ValidationError,
    );
    expect(() => parseAlertsInput({})).toThrow(ValidationError);
  });

  it('parses the environment and names every bad key', () => {
    try {
      parseEnv(AlertsEnvSchema, { ALERT_TOPIC_ARN: 'topic', FRAMEWORKS: 'iso27001-2022,pci' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const keys = (err as ConfigError).issues.map((i) => i.split(':')[0]!.split('.')[0]);
      expect(new Set(keys)).toEqual(
        new Set(['TABLE_NAME', 'ALERT_TOPIC_ARN', 'EVENT_BUS_NAME', 'FRAMEWORKS', 'AWS_REGION']),
      );
    }
  });
});

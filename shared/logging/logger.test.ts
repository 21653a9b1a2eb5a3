import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ConfigError } from '../errors.js';
import { REDACTED, createLogger } from './logger.js';

const GH_TOKEN = 'ghs_' + 'Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const PEM_BODY = 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg';
const PEM = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----\n`;
const OKTA = 'SSWS 00QwErTyUiOpAsDfGhJkLzXcVbNm1234567890';
const PLANTED = [
  GH_TOKEN,
  AWS_SECRET,
  PEM_BODY,
  '00QwErTyUiOpAsDfGhJkLzXcVbNm1234567890',
  'hunter2',
  'opaque-client-secret',
];

/** Captures what the logger writes to stdout and stderr (Powertools writes through its own Console on them). */
function captureOutput() {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
  return {
    lines,
    restore: () => {
      out.mockRestore();
      err.mockRestore();
    },
  };
}

describe('createLogger', () => {
  let captured: ReturnType<typeof captureOutput>;
  beforeEach(() => {
    captured = captureOutput();
  });
  afterEach(() => captured.restore());

  it('emits JSON lines with the service name and keeps ordinary fields', () => {
    createLogger({ serviceName: 'collector-github', level: 'INFO' }).info('collected', {
      repos: 3,
      org: 'acme',
    });
    expect(captured.lines).toHaveLength(1);
    const line = JSON.parse(captured.lines[0]!);
    expect(line).toMatchObject({
      level: 'INFO',
      message: 'collected',
      service: 'collector-github',
      repos: 3,
      org: 'acme',
    });
  });

  it('never prints a planted secret from the message, fields, nested objects or errors', () => {
    const logger = createLogger({ serviceName: 'collector-okta', persistentKeys: { apiKey: 'hunter2' } });
    logger.appendKeys({ request: { headers: { Authorization: OKTA } } });
    logger.info(`calling GitHub with ${GH_TOKEN}`, {
      config: { clientSecret: 'opaque-client-secret', region: 'eu-west-1' },
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: AWS_SECRET },
      pem: PEM,
    });
    logger.error(
      'request failed',
      new Error(`401 for token ${GH_TOKEN} and ${OKTA}`, { cause: new Error(PEM) }),
    );

    expect(captured.lines).toHaveLength(2);
    const text = captured.lines.join('');
    for (const secret of PLANTED) expect(text).not.toContain(secret);
    const [info, error] = captured.lines.map((l) => JSON.parse(l));
    expect(info.message).toBe(`calling GitHub with ${REDACTED}`);
    expect(info.config).toEqual({ clientSecret: REDACTED, region: 'eu-west-1' });
    expect(info.credentials).toBe(REDACTED);
    expect(info.apiKey).toBe(REDACTED);
    expect(info.request.headers.Authorization).toBe(REDACTED);
    expect(error.error.message).toBe(`401 for token ${REDACTED} and SSWS ${REDACTED}`);
    expect(error.error.name).toBe('Error');
  });

  it('passes the redactor on to child loggers', () => {
    createLogger({ serviceName: 'svc' }).createChild().warn('retry', { password: 'hunter2', attempt: 2 });
    const line = JSON.parse(captured.lines.join(''));
    expect(line).toMatchObject({ password: REDACTED, attempt: 2, level: 'WARN' });
  });

  it('respects the level threshold', () => {
    const logger = createLogger({ serviceName: 'svc', level: 'WARN' });
    logger.info('hidden');
    logger.warn('shown');
    expect(captured.lines.map((l) => JSON.parse(l).message)).toEqual(['shown']);
  });

  it('rejects unknown and invalid options, listing each', () => {
    expect(() => createLogger({ serviceName: '', level: 'LOUD', colour: true } as never)).toThrow(
      ConfigError,
    );
    try {
      createLogger({ serviceName: '', level: 'LOUD', colour: true } as never);
    } catch (e) {
      expect((e as ConfigError).issues.join('\n')).toMatch(/serviceName[\s\S]*level[\s\S]*colour/);
    }
  });
});

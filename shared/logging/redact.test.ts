import { describe, expect, it } from '@jest/globals';
import { REDACTED, isSecretKey, redact, redactString } from './redact.js';

const GH_TOKEN = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEAxyz',
  'abcDEF123==',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

describe('isSecretKey', () => {
  it('flags secret-named keys in any case style', () => {
    for (const k of [
      'token',
      'accessToken',
      'client_secret',
      'clientSecret',
      'password',
      'privateKey',
      'private-key',
    ]) {
      expect([k, isSecretKey(k)]).toEqual([k, true]);
    }
    for (const k of [
      'Authorization',
      'apiKey',
      'x-api-key',
      'githubToken',
      'secretAccessKey',
      'webhookSecret',
    ]) {
      expect([k, isSecretKey(k)]).toEqual([k, true]);
    }
  });
  it('keeps identifiers and facts about secrets', () => {
    for (const k of [
      'secretArn',
      'secretName',
      'tokenCount',
      'password_last_used',
      'password_enabled',
      'kmsKeyId',
    ]) {
      expect([k, isSecretKey(k)]).toEqual([k, false]);
    }
  });
});

describe('redactString', () => {
  it('removes GitHub tokens, AWS secret keys, PEM keys and auth headers', () => {
    const text = `token ${GH_TOKEN} key ${AWS_SECRET} pem ${PEM} okta SSWS 00aBcDeFgHiJkLmNoPqRsT bearer Bearer abc.def-ghi`;
    const out = redactString(text);
    for (const secret of [
      GH_TOKEN,
      AWS_SECRET,
      'MIIEowIBAAKCAQEAxyz',
      '00aBcDeFgHiJkLmNoPqRsT',
      'abc.def-ghi',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain(`SSWS ${REDACTED}`);
    expect(out).toContain(`Bearer ${REDACTED}`);
  });
  it('removes fine-grained PATs, key=value secrets, presigned signatures and URL passwords', () => {
    const out = redactString(
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnop password=hunter2 ' +
        'https://b.s3.amazonaws.com/k?X-Amz-Signature=deadbeef&X-Amz-Expires=60 https://bob:s3cr3t@example.com/x',
    );
    for (const secret of ['github_pat_11ABCDEFG', 'hunter2', 'deadbeef', 's3cr3t'])
      expect(out).not.toContain(secret);
    expect(out).toContain('X-Amz-Expires=60');
  });
  it('leaves hashes, ARNs and ordinary text alone', () => {
    const text =
      'commit 3f786850e387550fdab836ed7e6dc881de23001b sha256 ' +
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 arn:aws:iam::123456789012:role/Auditor ok';
    expect(redactString(text)).toBe(text);
  });
});

describe('redact', () => {
  it('deep-copies an object, redacting secret keys and secret-shaped strings', () => {
    const input = {
      user: 'alice',
      hasPassword: true,
      auth: { clientSecret: 'plain-value', headers: { authorization: 'token x' } },
      notes: [`leaked ${GH_TOKEN}`],
    };
    const out = redact(input);
    expect(out).toEqual({
      user: 'alice',
      hasPassword: true,
      auth: { clientSecret: REDACTED, headers: { authorization: REDACTED } },
      notes: [`leaked ${REDACTED}`],
    });
    expect(input.auth.clientSecret).toBe('plain-value');
  });
  it('redacts error messages and stops at cycles', () => {
    const cyclic: Record<string, unknown> = { err: new Error(`bad ${GH_TOKEN}`) };
    cyclic.self = cyclic;
    const out = redact(cyclic);
    expect((out.err as Error).message).toBe(`bad ${REDACTED}`);
    expect(out.self).toBe('[Circular]');
  });
});

import { describe, expect, it } from '@jest/globals';
import { InvalidSourceDataError } from '../../errors.js';
import { readPolicyDocument } from './policy.js';

const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('readPolicyDocument', () => {
  it('finds an unconditional Allow to Principal "*"', () => {
    const facts = readPolicyDocument('b', doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }));
    expect(facts).toEqual({ allowsAnyoneUnconditionally: true, tlsOnlyStatement: false });
  });

  it('treats {"AWS": ["*"]} as anyone and a single statement object as a list', () => {
    const json = JSON.stringify({
      Statement: { Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 's3:*' },
    });
    expect(readPolicyDocument('b', json).allowsAnyoneUnconditionally).toBe(true);
  });

  it('does not count an Allow to "*" restricted by a condition', () => {
    const json = doc({
      Effect: 'Allow',
      Principal: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
    });
    expect(readPolicyDocument('b', json).allowsAnyoneUnconditionally).toBe(false);
  });

  it('finds a TLS-only Deny statement whatever the case of the key and value type', () => {
    const deny = (v: unknown) => ({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': v } },
    });
    expect(readPolicyDocument('b', doc(deny('false'))).tlsOnlyStatement).toBe(true);
    expect(readPolicyDocument('b', doc(deny(false))).tlsOnlyStatement).toBe(true);
    expect(readPolicyDocument('b', doc(deny('true'))).tlsOnlyStatement).toBe(false);
    expect(readPolicyDocument('b', doc({ ...deny('false'), Effect: 'Allow' })).tlsOnlyStatement).toBe(false);
  });

  it('throws InvalidSourceDataError on a document that is not JSON or has no statements', () => {
    expect(() => readPolicyDocument('b', '{"Statement": [')).toThrow(InvalidSourceDataError);
    expect(() => readPolicyDocument('b', '{}')).toThrow(InvalidSourceDataError);
  });
});

import { describe, expect, it } from '@jest/globals';
import { InvalidSourceDataError } from '../../errors.js';
import { allowsFullAdmin, decodePolicyDocument } from './policy-document.js';

const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

describe('decodePolicyDocument', () => {
  it('decodes the URL-encoded JSON IAM returns', () => {
    expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(admin)), 'p')).toEqual(admin);
  });

  it('accepts plain JSON', () => {
    expect(decodePolicyDocument(` ${JSON.stringify(admin)}`, 'p')).toEqual(admin);
  });

  it('throws InvalidSourceDataError on anything else', () => {
    expect(() => decodePolicyDocument('%7Bnot-json', 'p')).toThrow(InvalidSourceDataError);
    expect(() => decodePolicyDocument('%E0%A4%A', 'p')).toThrow(InvalidSourceDataError);
  });
});

describe('allowsFullAdmin', () => {
  it('is true for Allow * on * as a string, a list or *:*', () => {
    expect(allowsFullAdmin(admin, 'p')).toBe(true);
    expect(
      allowsFullAdmin({ Statement: { Effect: 'Allow', Action: ['s3:*', '*'], Resource: ['*'] } }, 'p'),
    ).toBe(true);
    expect(allowsFullAdmin({ Statement: [{ Effect: 'Allow', Action: '*:*', Resource: '*' }] }, 'p')).toBe(
      true,
    );
  });

  it('is false for scoped actions, scoped resources, Deny and NotAction', () => {
    expect(allowsFullAdmin({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, 'p')).toBe(
      false,
    );
    expect(
      allowsFullAdmin({ Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b/*' }] }, 'p'),
    ).toBe(false);
    expect(allowsFullAdmin({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }, 'p')).toBe(false);
    expect(
      allowsFullAdmin({ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }, 'p'),
    ).toBe(false);
  });

  it('throws on a document without statements', () => {
    expect(() => allowsFullAdmin({ Version: '2012-10-17' }, 'p')).toThrow(/no Statement/);
    expect(() => allowsFullAdmin({ Statement: ['x'] }, 'p')).toThrow(InvalidSourceDataError);
  });
});

import { describe, expect, it } from '@jest/globals';
import { githubRules } from './github-rules.js';
import { identityRules } from './identity-rules.js';

const all = [...githubRules, ...identityRules];

describe('githubRules and identityRules (the registry-wide checks are in types.test.ts)', () => {
  it('never judge Identity Center MFA: no rule reads the user listing for IAM-02', () => {
    expect(all.filter((r) => r.collector === 'aws-identity-center-users')).toEqual([]);
  });
});

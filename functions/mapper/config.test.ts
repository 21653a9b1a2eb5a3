import { describe, expect, it } from '@jest/globals';
import { loadControls } from '../../frameworks/index.js';
import { getCollectorMeta } from '../../shared/collectors/meta-registry.js';
import { schema as oktaUsers } from '../../shared/collectors/okta-users/schema.js';
import { MemoryEvidenceLoader } from '../../shared/mapping/evidence-loader.js';
import { mapArtifact } from '../../shared/mapping/map-artifact.js';
import { MemoryResultsStore } from '../../shared/mapping/memory-results-store.js';
import { rules } from '../../shared/rules/registry.js';
import { buildMapDeps, mapperRules, parseMapperEnv, type MapperEnv } from './config.js';

const base = { TABLE_NAME: 'ledger', EVIDENCE_BUCKET: 'flux-evidence', AWS_REGION: 'eu-west-1' };
const sha = 'd'.repeat(64);
const scope = 'tenant=acme.okta.com';

/** Maps one Okta users artifact (every user enrolled) with the rules the mapper would judge under `env`. */
async function mapOktaUsers(env: MapperEnv) {
  const evidence = new MemoryEvidenceLoader();
  evidence.add({
    collector: 'okta-users',
    scope,
    sha256: sha,
    observedAt: '2026-03-01T00:00:00.000Z',
    collectedAt: '2026-03-01T00:00:00.000Z',
    data: oktaUsers.parse({
      users: [
        {
          id: '00ualice',
          login: 'alice@acme.example',
          email: 'alice@acme.example',
          status: 'ACTIVE',
          statusChanged: null,
          lastLogin: null,
          created: '2025-01-01T00:00:00Z',
          factors: [{ id: 'f1', factorType: 'push', provider: 'OKTA', status: 'ACTIVE' }],
        },
      ],
    }),
    errors: [],
    complete: true,
  });
  const out = await mapArtifact(
    {
      controls: loadControls(),
      rules: mapperRules(env),
      ttlHoursOf: (id) => getCollectorMeta(id)?.ttlHours,
      evidence,
      results: new MemoryResultsStore(),
      now: () => new Date('2026-03-01T01:00:00.000Z'),
    },
    { sha256: sha, collector: 'okta-users', scope },
  );
  return out.results.find((r) => r.controlId === 'IAM-02')!;
}

describe('mapper rules', () => {
  it('parses ENABLED_COLLECTORS into trimmed ids and leaves it undefined when absent', () => {
    expect(
      parseMapperEnv({ ...base, ENABLED_COLLECTORS: 'okta-users, aws-s3-buckets,,' }).ENABLED_COLLECTORS,
    ).toEqual(['okta-users', 'aws-s3-buckets']);
    expect(parseMapperEnv(base).ENABLED_COLLECTORS).toBeUndefined();
  });

  it('judges every rule when ENABLED_COLLECTORS is absent', () => {
    expect(mapperRules(parseMapperEnv(base))).toEqual(rules);
  });

  it('judges only the rules of enabled collectors', () => {
    const env = parseMapperEnv({ ...base, ENABLED_COLLECTORS: 'okta-users,aws-iam-credential-report' });
    const judged = buildMapDeps(env).rules;
    expect(new Set(judged.map((r) => r.collector))).toEqual(
      new Set(['okta-users', 'aws-iam-credential-report']),
    );
    expect(judged).toEqual(
      rules.filter((r) => r.collector === 'okta-users' || r.collector === 'aws-iam-credential-report'),
    );
    expect(judged.map((r) => r.id)).not.toContain('entra-user-mfa-registered');
  });

  it('judges nothing when no collector is enabled', () => {
    expect(mapperRules(parseMapperEnv({ ...base, ENABLED_COLLECTORS: '' }))).toEqual([]);
  });

  it('lets a control pass on the enabled identity provider instead of waiting for the others', async () => {
    const everyRule = await mapOktaUsers(parseMapperEnv(base));
    expect(everyRule.status).toBe('UNKNOWN');
    expect(everyRule.reason).toContain('no evidence from entra-users');

    const oktaOnly = await mapOktaUsers(parseMapperEnv({ ...base, ENABLED_COLLECTORS: 'okta-users' }));
    expect(oktaOnly.status).toBe('PASS');
    expect(Object.keys(oktaOnly.ruleVersions)).toEqual(['okta-user-mfa-enrolled']);
    expect(oktaOnly.artifacts).toEqual([sha]);
  });
  it('reads the configured rule thresholds from RULE_THRESHOLDS, and refuses bad ones', () => {
    const env = parseMapperEnv({ ...base, RULE_THRESHOLDS: JSON.stringify({ unusedCredentialDays: 90 }) });
    expect(buildMapDeps(env).thresholds).toMatchObject({
      unusedCredentialDays: 90,
      passwordMinimumLength: 14,
    });
    expect(buildMapDeps(parseMapperEnv(base)).thresholds).toBeUndefined();
    expect(() => parseMapperEnv({ ...base, RULE_THRESHOLDS: '{"adminPorts":[0]}' })).toThrow(
      /RULE_THRESHOLDS/,
    );
  });
});

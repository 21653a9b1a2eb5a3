import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  MAIN,
  REGIONS,
  WORKLOAD,
  seedSecondCompany,
  type SecondCompanyFacts,
} from '../fixtures/second-company/seed.js';
import { motoEndpoint, resetEmulator } from '../harness/aws.js';
import { startSeededFieldsProxy } from '../fixtures/second-company/seeded-fields-proxy.js';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { FIXTURE_TOKEN, startGitHubFixture, type GitHubFixture } from '../../shared/demo/github/server.js';
import { borealisGitHub } from '../fixtures/second-company/github.js';
import {
  GOOGLE_FIXTURE_ADMIN,
  startGoogleFixture,
  type GoogleFixture,
} from '../../shared/demo/idp/google-server.js';
import { runCli } from './cli-harness.js';

/**
 * The second seeded company (Borealis Freight), collected and evaluated as a user runs the CLI (`collect` then
 * `evaluate --json`), compared with test/fixtures/second-company/expected.json, which was written and committed
 * before the first run. A failure prints every disagreement.
 */
interface Expected {
  rules: Record<string, { status: string; failing: { scope: string; match: string }[]; reason: string }>;
  controls: Record<string, { status: string; reason: string }>;
}
interface Judgement {
  rule: string;
  scope: string;
  status: string;
  reason: string;
  failing: { resource: string; reason: string }[];
}
interface Evaluated {
  results: { controlId: string; status: string; reason: string; rules?: Judgement[] }[];
}

const expected = JSON.parse(
  readFileSync(new URL('../fixtures/second-company/expected.json', import.meta.url), 'utf8'),
) as Expected;
// The collectors this company runs: every AWS collector moto can serve without a gap shim.
const OFF = [
  'aws-backup-plans',
  'aws-config-compliance',
  'aws-config-recorder',
  'aws-securityhub-findings',
  'aws-securityhub-status',
  'aws-iam-admin-access',
  'aws-identity-center-users',
  'snapshot-access-log',
  'access-reconciliation',
  'prowler-ocsf-findings',
];
let github: GitHubFixture | undefined;
let google: GoogleFixture | undefined;
let proxy: Awaited<ReturnType<typeof startSeededFieldsProxy>> | undefined;
const env = () => ({
  // Through the proxy that plants what moto cannot (main's root row, backdated sign-ins); by name so S3
  // Control's account host resolves.
  AWS_ENDPOINT_URL: proxy!.endpoint.replace('127.0.0.1', 'localhost'),
  AWS_ACCESS_KEY_ID: 'AKIABOREALISSECOND',
  AWS_SECRET_ACCESS_KEY: 'second-company-secret',
  AWS_SESSION_TOKEN: undefined,
  AWS_REGION: 'us-east-1',
  AWS_PROFILE: undefined,
  NO_COLOR: '1',
});

/** The worst status across scopes, as the engine combines them. */
function combined(js: readonly Judgement[]): string {
  for (const s of ['FAIL', 'UNKNOWN', 'PASS']) if (js.some((j) => j.status === s)) return s;
  return 'NOT_APPLICABLE';
}

let dir: string;
let facts: SecondCompanyFacts;
let evaluated: Evaluated;

beforeAll(async () => {
  await resetEmulator();
  facts = await seedSecondCompany(motoEndpoint());
  proxy = await startSeededFieldsProxy(motoEndpoint(), {
    account: MAIN,
    rootWithKey: true,
    passwordLastUsedDaysAgo: { 'ben.ruiz': 50, 'ana.lind': 40 },
  });
  github = await startGitHubFixture(borealisGitHub(new Date()));
  // The CLI's own account (moto's default, where the default credential chain lands) holds the source token.
  const sm = new SecretsManagerClient({
    endpoint: motoEndpoint(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  await sm.send(new CreateSecretCommand({ Name: 'borealis/github-token', SecretString: FIXTURE_TOKEN }));
  google = await startGoogleFixture({
    people: [
      { primaryEmail: 'ana.lind@borealis.example', isEnrolledIn2Sv: true, isEnforcedIn2Sv: true },
      { primaryEmail: 'ben.ruiz@borealis.example', isEnrolledIn2Sv: true, isEnforcedIn2Sv: false },
      { primaryEmail: 'cara.holm@borealis.example', suspended: true },
    ],
  });
  await sm.send(
    new CreateSecretCommand({
      Name: 'borealis/google-key',
      SecretString: JSON.stringify(google.serviceAccountKey),
    }),
  );
  sm.destroy();
  dir = mkdtempSync(join(tmpdir(), 'second-company-'));
  const config = join(dir, 'flux.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      locker: { path: 'locker' },
      aws: { accounts: { mode: 'list', ids: [MAIN, WORKLOAD] }, regions: [...REGIONS] },
      github: {
        org: 'borealis-freight',
        baseUrl: github.baseUrl,
        auth: { type: 'token', tokenSecret: 'borealis/github-token' },
      },
      identityProviders: {
        googleWorkspace: {
          // The fixture's token endpoint accepts delegation to its own admin only.
          adminEmail: GOOGLE_FIXTURE_ADMIN,
          serviceAccountSecret: 'borealis/google-key',
          baseUrl: google.url,
        },
      },
      frameworks: ['soc2-2017', 'iso27001-2022'],
      collectors: Object.fromEntries(OFF.map((id) => [id, { enabled: false }])),
    }),
  );
  const collect = await runCli(['-c', config, 'collect', '--json'], env());
  if (collect.code !== 0)
    throw new Error(`collect failed (${collect.code}): ${collect.stderr}\n${collect.stdout}`);
  const ev = await runCli(['-c', config, 'evaluate', '--json'], env());
  if (ev.code !== 0) throw new Error(`evaluate failed (${ev.code}): ${ev.stderr}`);
  evaluated = JSON.parse(ev.stdout) as Evaluated;
}, 300_000);
afterAll(async () => {
  await proxy?.close();
  await github?.close();
  await google?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const resolve = (token: string) =>
  token.replace(
    /\{\{(kms|sg):([^}]+)\}\}/g,
    (_, kind: 'kms' | 'sg', name: string) => facts[kind][name] ?? `?${name}`,
  );

describe('the second company (Borealis Freight) against the results written beforehand', () => {
  it('judges every listed rule as expected, naming exactly the expected failing resources', () => {
    const judgements = evaluated.results.flatMap((r) => r.rules ?? []);
    const unique = new Map(judgements.map((j) => [`${j.rule}|${j.scope}`, j]));
    const diff: string[] = [];
    for (const [id, want] of Object.entries(expected.rules)) {
      const mine = [...unique.values()].filter((j) => j.rule === id);
      const got = combined(mine);
      const failing = mine.flatMap((j) =>
        j.failing.map((f) => ({ scope: j.scope, text: `${f.resource} ${f.reason}` })),
      );
      const unmatched = [...failing];
      const missing = want.failing.filter((w) => {
        const token = resolve(w.match);
        const i = unmatched.findIndex((f) => f.scope.startsWith(w.scope) && f.text.includes(token));
        if (i >= 0) unmatched.splice(i, 1);
        return i < 0;
      });
      if (got !== want.status || missing.length || unmatched.length)
        diff.push(
          `${id}: expected ${want.status}, got ${got} (${want.reason})` +
            (missing.length ? `\n    missing failing: ${JSON.stringify(missing)}` : '') +
            (unmatched.length ? `\n    unexpected failing: ${JSON.stringify(unmatched)}` : '') +
            mine.map((j) => `\n    ${j.scope}: ${j.status} ${j.reason}`).join(''),
        );
    }
    expect(diff.join('\n')).toBe('');
  });

  it('lists every rule the collectors of the company feed, so none is judged unchecked', () => {
    const judged = new Set(evaluated.results.flatMap((r) => (r.rules ?? []).map((j) => j.rule)));
    judged.delete('-'); // the placeholder of a control no rule evaluates
    expect([...judged].sort()).toEqual(Object.keys(expected.rules).sort());
  });

  it('judges every listed control as expected', () => {
    const diff = Object.entries(expected.controls).flatMap(([id, want]) => {
      const got = evaluated.results.find((r) => r.controlId === id);
      return got?.status === want.status
        ? []
        : [
            `${id}: expected ${want.status} (${want.reason}), got ${got?.status ?? 'nothing'}: ${got?.reason ?? ''}`,
          ];
    });
    expect(diff.join('\n')).toBe('');
  });
});

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { collectFromFixture } from '../../../test/fixtures/github/harness.js';
import { buildScenario, startGitHubFixture, type GitHubFixture } from '../../demo/github/server.js';
import { collector } from './collector.js';

describe('github-org', () => {
  let fixture: GitHubFixture;
  beforeEach(async () => {
    const scenario = buildScenario();
    // More members than one page holds (100), to prove the listing follows Link headers.
    for (let i = 0; i < 130; i++)
      scenario.members.push({
        login: `eng-${String(i).padStart(3, '0')}`,
        role: 'member',
        twoFactor: i % 50 !== 0,
      });
    fixture = await startGitHubFixture(scenario);
  });
  afterEach(() => fixture.close());

  it('collects the 2FA requirement, every member with its role, outside collaborators and members without 2FA', async () => {
    const { envelope } = await collectFromFixture(collector, fixture);
    expect(envelope.errors).toEqual([]);
    const data = envelope.data as Record<string, unknown> & { members: { login: string; role: string }[] };
    expect(data).toMatchObject({
      org: 'acme',
      twoFactorRequirementEnabled: true,
      defaultRepositoryPermission: 'read',
      outsideCollaborators: [{ login: 'contractor-carl' }],
      membersWithout2fa: ['dave', 'eng-000', 'eng-050', 'eng-100'],
      outsideCollaboratorsWithout2fa: ['contractor-carl'],
    });
    expect(data.members).toHaveLength(138);
    expect(data.members).toContainEqual({ login: 'owner-olivia', role: 'admin' });
    expect(data.members).toContainEqual({ login: 'eng-129', role: 'member' });
    expect(envelope.provenance).toMatchObject({ identity: 'github-token', complete: true });
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({
        service: 'GitHub',
        operation: 'GET /orgs/{org}/members',
        params: { org: 'acme', role: 'member', per_page: 100 },
        pages: 2,
        items: 137,
      }),
    );
    const members = envelope.provenance.operations.find((o) => o.params.role === 'member')!;
    expect(members.requestIds).toHaveLength(2);
    expect(members.requestIds[0]).toMatch(/^FIXT:/);
  });

  it('records a refused 2FA filter as an error with null, never as "everyone has 2FA"', async () => {
    fixture.faults.push({ match: /\/members\?.*filter=2fa_disabled/, kind: 'forbidden' });
    const { envelope } = await collectFromFixture(collector, fixture);
    expect(envelope.data).toMatchObject({
      membersWithout2fa: null,
      outsideCollaboratorsWithout2fa: ['contractor-carl'],
    });
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: 'acme',
        operation: 'GET /orgs/{org}/members?filter=2fa_disabled',
      }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({
        operation: 'GET /orgs/{org}/members',
        params: { org: 'acme', filter: '2fa_disabled', per_page: 100 },
        error: 'HTTP 403',
      }),
    );
  });

  it('records a hidden 2FA requirement as null with a note', async () => {
    (fixture.scenario as { twoFactorRequirementEnabled: unknown }).twoFactorRequirementEnabled = undefined;
    const { envelope } = await collectFromFixture(collector, fixture);
    expect(envelope.data).toMatchObject({ twoFactorRequirementEnabled: null });
    expect(envelope.provenance.notes?.join(' ')).toMatch(/owners only/);
  });

  it('turns a malformed page into an error, never a pass', async () => {
    fixture.faults.push({ match: /\/outside_collaborators\?per_page/, kind: 'malformed' });
    const { envelope } = await collectFromFixture(collector, fixture);
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toHaveLength(1);
    expect(envelope.provenance.complete).toBe(false);
  });
});

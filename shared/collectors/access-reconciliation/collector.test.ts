import { describe, expect, it } from '@jest/globals';
import { LEAVER_EMAIL } from '../../demo/idp/acme.js';
import { ACME_LINKS, acmeSources, input } from '../../reconcile/test-fixtures.js';
import type { IdentitySources } from '../../reconcile/sources.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import { RECONCILIATION_SCOPE } from './extras.js';
import type { AccessReconciliationData } from './schema.js';

const now = new Date('2026-03-01T12:00:00Z');
const run = (extras: Record<string, unknown>) =>
  collectEnvelope(collector, RECONCILIATION_SCOPE, { connection: {}, now: () => now, extras });
const sources = (over: Partial<Record<string, IdentitySources[string]>> = {}): IdentitySources =>
  ({
    ...acmeSources(),
    ...over,
  }) as IdentitySources;

describe('access-reconciliation', () => {
  it('reconciles the latest identity artifacts, citing each input by hash in data and provenance', async () => {
    const s = sources({
      'aws-iam-credential-report': acmeSources()['aws-iam-credential-report']!.map((i) => ({
        ...i,
        observedAt: '2026-02-28T06:00:00Z',
      })),
    });
    const { envelope, requests } = await run({
      identitySources: s,
      deprovisioningSlaHours: 24,
      identityLinks: ACME_LINKS,
    });
    expect(envelope.errors).toEqual([]);
    expect(requests).toBe(3);
    const d = envelope.data as AccessReconciliationData;
    expect(d.leavers.map((l) => [l.email, l.open, l.breachesSla])).toEqual([[LEAVER_EMAIL, true, true]]);
    expect(d.inputs.map((i) => i.sha256)).toEqual(
      Object.values(s).flatMap((list) => list!.map((i) => i.sha256)),
    );
    expect(envelope.provenance).toMatchObject({ identity: 'derived', complete: true });
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({
        service: 'evidence-store',
        operation: 'ReadLatestArtifact',
        params: expect.objectContaining({ collector: 'okta-users' }),
      }),
    );
    expect(envelope.provenance.notes!.filter((n) => n.startsWith('input '))).toHaveLength(3);
    // Facts hold as of the oldest input: staleness of an input carries through to the reconciliation.
    expect(envelope.observedAt).toBe('2026-02-28T06:00:00.000Z');
    expect(envelope.collectedAt).toBe(now.toISOString());
  });

  it('records an error, never a clean result, when no identity provider is among the inputs', async () => {
    const { 'okta-users': _okta, ...rest } = acmeSources();
    const { envelope } = await run({ identitySources: rest, deprovisioningSlaHours: 24 });
    expect(envelope.errors.map((e) => e.code)).toEqual(['NoIdentityProvider']);
    expect(envelope.provenance.complete).toBe(false);
  });

  it('records incomplete and unreadable inputs as errors', async () => {
    const okta = acmeSources()['okta-users']!.map((i) => ({
      ...i,
      complete: false,
      errors: [{ code: 'Throttled' }],
    }));
    const { envelope } = await run({
      identitySources: sources({ 'okta-users': okta, 'entra-users': [input({ users: 1 })] }),
      deprovisioningSlaHours: 24,
    });
    expect(envelope.errors.map((e) => e.code).sort()).toEqual(['IncompleteInput', 'InvalidInput']);
  });

  it('fails loudly without its extras', async () => {
    const { envelope } = await run({});
    expect(envelope.data).toBeNull();
    expect(envelope.errors).toHaveLength(1);
    expect(envelope.errors[0]!.message).toMatch(/access-reconciliation extras/);
  });
});

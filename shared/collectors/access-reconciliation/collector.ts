import { ValidationError } from '../../errors.js';
import {
  IDENTITY_COLLECTORS,
  IDP_COLLECTORS,
  parseIdentitySources,
  type IdentitySources,
} from '../../reconcile/sources.js';
import { reconcileAccess } from '../../reconcile/reconcile.js';
import { defineCollector } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type AccessReconciliationData } from './schema.js';

/** What the caller puts in `extras` (it loads the inputs from the evidence store, e.g. with loadIdentitySources). */
export interface AccessReconciliationExtras {
  readonly identitySources: IdentitySources;
  /** `accessReconciliation.deprovisioningSlaHours` from configuration. */
  readonly deprovisioningSlaHours: number;
  /** `accessReconciliation.identityLinks` from configuration. */
  readonly identityLinks?: Readonly<Record<string, string>>;
}

function requireExtras(extras: Readonly<Partial<AccessReconciliationExtras>>): AccessReconciliationExtras {
  const issues: string[] = [];
  if (typeof extras.identitySources !== 'object' || extras.identitySources === null)
    issues.push('extras.identitySources: the latest identity artifacts are required');
  const sla = extras.deprovisioningSlaHours;
  if (typeof sla !== 'number' || !(sla > 0))
    issues.push('extras.deprovisioningSlaHours: a positive number is required');
  if (issues.length) throw new ValidationError('access-reconciliation extras', issues);
  return extras as unknown as AccessReconciliationExtras;
}

/**
 * Reconciles the identity providers with the accounts elsewhere (IAM users, GitHub members, Identity Center users),
 * from the latest stored artifacts only: no source API is called. Each input is cited (collector, scope, sha256) in
 * the data and in provenance. Inputs that fail their schema or were themselves incomplete are recorded as errors, so
 * the engine judges the result UNKNOWN rather than a reconciliation of partial data; no IdP input at all is an error
 * too (without one, nobody can be called a leaver). observedAt is the oldest input's, so staleness carries through.
 */
export const collector = defineCollector<AccessReconciliationData, AccessReconciliationExtras>({
  meta,
  schema,
  async collect(ctx) {
    const extras = requireExtras(ctx.extras);
    const { parsed, problems } = parseIdentitySources(extras.identitySources);
    for (const p of problems)
      ctx.recordError({
        code: p.code,
        message: p.message,
        resource: `${p.collector}@${p.scope}`,
        operation: 'read-evidence',
      });
    for (const s of parsed) {
      ctx.provenance.record({
        service: 'evidence-store',
        operation: 'ReadLatestArtifact',
        params: { collector: s.collector, scope: s.input.scope, sha256: s.input.sha256 },
        items: 1,
      });
      ctx.provenance.note(
        `input ${s.collector} ${s.input.scope} sha256:${s.input.sha256} observed ${s.input.observedAt}`,
      );
    }
    const absent = IDENTITY_COLLECTORS.filter((id) => !(id in extras.identitySources));
    if (absent.length)
      ctx.provenance.note(`no input from ${absent.join(', ')} (not configured or never collected)`);
    if (!parsed.some((s) => IDP_COLLECTORS.includes(s.collector)))
      ctx.recordError({
        code: 'NoIdentityProvider',
        message: `no evidence from any identity provider (${IDP_COLLECTORS.join(', ')}): leavers cannot be known`,
        operation: 'read-evidence',
      });
    ctx.provenance.note(
      'Join: normalized email; IAM users, GitHub logins and Identity Center user names join through accessReconciliation.identityLinks, else through an email their source gives; names are never guessed.',
    );
    const now = ctx.now();
    const data = reconcileAccess(parsed, {
      now,
      deprovisioningSlaHours: extras.deprovisioningSlaHours,
      ...(extras.identityLinks ? { identityLinks: extras.identityLinks } : {}),
    });
    const oldest = parsed.map((s) => Date.parse(s.input.observedAt)).filter((t) => !Number.isNaN(t));
    return { data, ...(oldest.length ? { observedAt: new Date(Math.min(...oldest)).toISOString() } : {}) };
  },
});

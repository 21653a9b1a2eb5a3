import type {
  AccessReconciliationData,
  ActiveAccount,
  Leaver,
  Orphan,
} from '../collectors/access-reconciliation/schema.js';
import { accountRecords, idpRecords, normalize, type IdpRecord } from './records.js';
import { IDP_COLLECTORS, type ParsedSource } from './sources.js';

const HOUR_MS = 3_600_000;

export interface ReconcileOptions {
  /** The time latencies are measured to. */
  readonly now: Date;
  readonly deprovisioningSlaHours: number;
  /**
   * Explicit links where an account carries no email: `{ "github:octocat": "alice@acme.example",
   * "iam:erin.leaver": "erin@acme.example", "identitycenter:erin": "erin@acme.example" }` (keys case-insensitive).
   */
  readonly identityLinks?: Readonly<Record<string, string>>;
}

/**
 * Joins identities across sources by normalized email (pure). A person is a leaver when at least one identity
 * provider lists them as suspended, deprovisioned, disabled or deleted and none lists them active. An account
 * elsewhere is joined to a person by a configured link, else by the email its source gives (Identity Center, or an
 * IAM user named by an email); GitHub logins and ordinary IAM user names join only through links: names are never
 * guessed. Active accounts that join no IdP identity are orphans. Latency of an open leaver is `now` minus the
 * earliest IdP status change; a leaver whose change time no IdP reports cannot be shown within the SLA.
 */
export function reconcileAccess(
  sources: readonly ParsedSource[],
  opts: ReconcileOptions,
): AccessReconciliationData {
  const links = new Map(
    Object.entries(opts.identityLinks ?? {}).map(([k, v]) => [k.trim().toLowerCase(), normalize(v)!]),
  );
  const people = new Map<string, IdpRecord[]>();
  for (const s of sources.filter((x) => IDP_COLLECTORS.includes(x.collector)))
    for (const r of idpRecords(s)) people.set(r.email, [...(people.get(r.email) ?? []), r]);

  const inputs = sources.map((s) => ({
    collector: s.collector,
    scope: s.input.scope,
    sha256: s.input.sha256,
    observedAt: s.input.observedAt,
    records: IDP_COLLECTORS.includes(s.collector) ? idpRecords(s).length : accountRecords(s).length,
  }));

  const activeOf = new Map<string, ActiveAccount[]>();
  const orphans: Orphan[] = [];
  let linkedAccounts = 0;
  for (const s of sources.filter((x) => !IDP_COLLECTORS.includes(x.collector))) {
    for (const a of accountRecords(s)) {
      const linked = a.linkKeys.map((k) => links.get(k)).find((e) => e !== undefined);
      const email = linked ?? a.email;
      const account: ActiveAccount = { source: a.source, resource: a.resource, access: [...a.access] };
      if (!email) orphans.push({ ...account, reason: 'no link to an IdP identity', email: null });
      else if (!people.has(email))
        orphans.push({ ...account, reason: 'joined to an email no identity provider lists', email });
      else {
        linkedAccounts++;
        activeOf.set(email, [...(activeOf.get(email) ?? []), account]);
      }
    }
  }

  const leavers: Leaver[] = [];
  for (const [email, records] of [...people].sort(([a], [b]) => a.localeCompare(b))) {
    if (records.some((r) => r.active)) continue;
    const times = records.map((r) => r.changedAt).filter((t): t is string => t !== null);
    const deprovisionedAt = times.length
      ? times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b))
      : null;
    const stillActive = [...(activeOf.get(email) ?? [])].sort((a, b) => a.resource.localeCompare(b.resource));
    const open = stillActive.length > 0;
    const latencyHours =
      open && deprovisionedAt !== null
        ? Math.max(0, Math.round(((opts.now.getTime() - Date.parse(deprovisionedAt)) / HOUR_MS) * 100) / 100)
        : null;
    leavers.push({
      email,
      idp: records.map((r) => ({ source: r.source, status: r.status, changedAt: r.changedAt })),
      deprovisionedAt,
      stillActive,
      open,
      latencyHours,
      breachesSla: open && (latencyHours === null || latencyHours > opts.deprovisioningSlaHours),
    });
  }

  return {
    asOf: opts.now.toISOString(),
    deprovisioningSlaHours: opts.deprovisioningSlaHours,
    inputs,
    idpIdentities: people.size,
    linkedAccounts,
    leavers,
    orphans: orphans.sort((a, b) => a.resource.localeCompare(b.resource)),
  };
}

import { redact, redactString } from '../logging/redact.js';
import type { AffectedRequirement, ControlCatalog, ControlInfo } from './catalog.js';
import {
  alertKey,
  alertKind,
  isGapTransition,
  isManualTransition,
  type AlertKind,
  type AlertTransition,
  type ManualTransition,
} from './types.js';

/** How alert messages are built. */
export interface AlertMessageOptions {
  readonly catalog: ControlCatalog;
  /** `alerts.evidenceLinkBase` from the configuration: evidence links are `<base>/<artifact key or sha>`. */
  readonly evidenceLinkBase?: string;
  /** Failing resource ids listed in a message; the rest are counted. Default 50. */
  readonly maxResources?: number;
}

/** The EventBridge `detail` of an alert (`flux.alert/v1`). */
interface AlertDetail {
  readonly schema: 'flux.alert/v1';
  readonly kind: AlertKind;
  readonly alertId: string;
  readonly controlId?: string;
  readonly from?: string | null;
  readonly to?: string;
  readonly collector?: string;
  readonly scope?: string;
  readonly at: string;
  readonly firstSeenAt: string;
  readonly lastEvidenceAt?: string;
  readonly reason: string;
  /** Failing resource ids only (never their per-resource reasons). */
  readonly failing: readonly string[];
  readonly failingCount: number;
  readonly controls: ReadonlyArray<{ readonly id: string; readonly title?: string }>;
  readonly frameworks: ReadonlyArray<{
    readonly framework: string;
    readonly requirements: readonly string[];
  }>;
  readonly links: readonly string[];
}

/** One alert rendered for every channel; every string has passed the secret redactor. */
export interface AlertMessage {
  readonly kind: AlertKind;
  readonly key: string;
  /** SNS subject: ASCII, one line, at most 100 characters. */
  readonly subject: string;
  /** Plain-text email body. */
  readonly text: string;
  readonly detailType: 'ControlStateChanged' | 'EvidenceGap' | 'ManualEvidence';
  readonly detail: AlertDetail;
  /** Slack-compatible incoming-webhook payload (`text` fallback plus blocks). */
  readonly slack: { readonly text: string; readonly blocks: readonly Record<string, unknown>[] };
}

const HEADLINE: Record<AlertKind, string> = {
  DRIFT: 'Control drifted to FAIL',
  RECOVERED: 'Control recovered',
  UNKNOWN: 'Control state UNKNOWN (collector broken or evidence unusable)',
  CHANGED: 'Control state changed',
  EVIDENCE_GAP: 'Evidence gap: no fresh evidence',
  EVIDENCE_RESTORED: 'Evidence gap closed: fresh evidence arrived',
  EVIDENCE_EXPIRING: 'Manual evidence expiring soon',
  EVIDENCE_EXPIRED: 'Manual evidence expired',
  EXCEPTION_EXPIRED: 'Accepted exception expired',
};

/** The link to an artifact under `base`, by its S3 key when known, else by its hash. */
export function evidenceLink(
  base: string | undefined,
  artifact: { sha256: string; key?: string },
): string | undefined {
  if (!base) return undefined;
  const path = artifact.key ?? `artifacts/${artifact.sha256}`;
  return `${base.replace(/\/+$/, '')}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** Groups requirements by framework, deduplicated, in first-seen order. */
function byFramework(reqs: readonly AffectedRequirement[]): Map<string, AffectedRequirement[]> {
  const out = new Map<string, AffectedRequirement[]>();
  for (const r of reqs) {
    const list = out.get(r.framework) ?? [];
    if (!list.some((x) => x.id === r.id)) list.push(r);
    out.set(r.framework, list);
  }
  return out;
}

/** Makes a string safe as an SNS subject: printable ASCII, one line, at most 100 characters. */
export function snsSubject(raw: string): string {
  const ascii = raw
    .replace(/→/g, '->')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  return ascii.length <= 100 ? ascii : `${ascii.slice(0, 97)}...`;
}

const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Builds the alert for a control transition or an evidence-gap change: control ids and titles, the frameworks
 * and requirements affected, failing resource ids (capped), the first-seen time and evidence links. Every
 * output passes `redact` last, so a secret that slipped into a resource name or reason never leaves.
 */
export function buildAlertMessage(t: AlertTransition, opts: AlertMessageOptions): AlertMessage {
  if (isManualTransition(t)) return buildManualAlertMessage(t, opts);
  const kind = alertKind(t);
  const key = alertKey(t);
  const max = opts.maxResources ?? 50;
  const gap = isGapTransition(t);
  const controls: ControlInfo[] = (gap ? t.controlIds : [t.controlId]).map((id) => opts.catalog.describe(id));
  const frameworks = byFramework(controls.flatMap((c) => c.requirements));
  const failingAll = gap ? [] : t.failing.map((f) => redactString(f.resource));
  const failing = failingAll.slice(0, max);
  const artifacts = gap
    ? t.artifact
      ? [t.artifact]
      : []
    : (t.artifacts ?? []).map((sha256) => ({ sha256 }));
  const links = artifacts
    .slice(0, 5)
    .map((a) => evidenceLink(opts.evidenceLinkBase, a))
    .filter((l): l is string => l !== undefined);
  const firstSeenAt = gap ? t.openedAt : t.at;
  const reason = gap
    ? t.kind === 'evidence-gap'
      ? `no evidence from ${t.collector} for ${t.scope} fresher than ${t.ttlHours}h` +
        (t.lastEvidenceAt ? ` (last observed ${t.lastEvidenceAt})` : ' (never observed)')
      : `fresh evidence from ${t.collector} for ${t.scope} observed at ${t.at}`
    : t.reason;
  const what = gap ? `${t.collector} ${t.scope}` : `${t.controlId} ${controls[0]?.title ?? ''}`.trim();
  const change = gap ? '' : ` (${t.from ?? 'NEW'} -> ${t.to})`;

  const lines = [
    `${HEADLINE[kind]}: ${what}${change}`,
    '',
    `Reason: ${reason}`,
    `First seen: ${firstSeenAt}`,
  ];
  if (!gap) lines.push(`Transition time: ${t.at}`);
  if (gap) lines.push(`Controls affected: ${controls.map((c) => c.id).join(', ') || '(none)'}`);
  if (failingAll.length > 0) {
    lines.push('', `Failing resources (${failingAll.length}):`, ...failing.map((r) => `  - ${r}`));
    if (failingAll.length > failing.length)
      lines.push(`  ... and ${failingAll.length - failing.length} more`);
  }
  if (frameworks.size > 0) {
    lines.push('', 'Frameworks and requirements affected:');
    for (const [fw, reqs] of frameworks)
      lines.push(`  ${fw}: ${reqs.map((r) => `${r.id} ${r.title}`).join('; ')}`);
  }
  if (links.length > 0) lines.push('', 'Evidence:', ...links.map((l) => `  ${l}`));
  lines.push('', `Alert id: ${key}`);

  const detail: AlertDetail = {
    schema: 'flux.alert/v1',
    kind,
    alertId: key,
    ...(gap
      ? {
          collector: t.collector,
          scope: t.scope,
          ...(t.lastEvidenceAt ? { lastEvidenceAt: t.lastEvidenceAt } : {}),
        }
      : { controlId: t.controlId, from: t.from ?? null, to: t.to }),
    at: t.at,
    firstSeenAt,
    reason,
    failing,
    failingCount: failingAll.length,
    controls: controls.map((c) => ({ id: c.id, ...(c.title ? { title: c.title } : {}) })),
    frameworks: [...frameworks].map(([framework, reqs]) => ({
      framework,
      requirements: reqs.map((r) => r.id),
    })),
    links,
  };
  const subject = snsSubject(
    redactString(
      `[Flux] ${kind} ${gap ? `${t.collector} ${t.scope}` : `${t.controlId}${change}`}: ${
        gap ? `${t.ttlHours}h TTL` : (controls[0]?.title ?? reason)
      }`,
    ),
  );
  const mrkdwn = [
    `*${slackEscape(reason)}*`,
    `First seen: ${firstSeenAt}`,
    ...(failingAll.length
      ? [
          `Failing (${failingAll.length}): ${failing
            .slice(0, 20)
            .map((r) => `\`${slackEscape(r)}\``)
            .join(', ')}`,
        ]
      : []),
    ...(frameworks.size
      ? [
          `Frameworks: ${[...frameworks].map(([fw, r]) => `${fw} ${r.map((x) => x.id).join(', ')}`).join(' | ')}`,
        ]
      : []),
    ...links.map((l) => `<${l}|evidence>`),
  ]
    .join('\n')
    .slice(0, 2900);
  const slack = {
    text: subject,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: subject.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(key) }] },
    ],
  };
  return {
    kind,
    key,
    subject,
    text: redactString(lines.join('\n')),
    detailType: gap ? 'EvidenceGap' : 'ControlStateChanged',
    detail: redact(detail),
    slack: redact(slack),
  };
}

/** A manual evidence or exception date: what reached its date, who owns it, which controls and requirements rely on it. */
function buildManualAlertMessage(t: ManualTransition, opts: AlertMessageOptions): AlertMessage {
  const kind = alertKind(t);
  const key = alertKey(t);
  const controls = t.controlIds.map((id) => opts.catalog.describe(id));
  const reason =
    t.kind === 'evidence-expiring'
      ? `"${t.subject}" is valid until ${t.until}; add a renewed, approved document before then`
      : t.kind === 'evidence-expired'
        ? `"${t.subject}" was valid until ${t.until}; the requirements it served are no longer met by it`
        : `the accepted exception for ${t.subject} ended on ${t.until}; the failure is no longer accepted`;
  const link = evidenceLink(opts.evidenceLinkBase, { sha256: t.id, key: t.key });
  const requirements = [
    ...t.requirements,
    ...controls.flatMap((c) => c.requirements.map((r) => `${r.framework}:${r.id}`)),
  ];
  const lines = [
    `${HEADLINE[kind]}: ${t.subject}`,
    '',
    `Reason: ${reason}`,
    `Owner: ${t.owner}`,
    `Transition time: ${t.at}`,
    `Controls: ${t.controlIds.join(', ') || '(none)'}`,
    ...(requirements.length ? [`Requirements: ${[...new Set(requirements)].join(', ')}`] : []),
    ...(link ? ['', 'Evidence:', `  ${link}`] : []),
    '',
    `Alert id: ${key}`,
  ];
  const detail: AlertDetail = {
    schema: 'flux.alert/v1',
    kind,
    alertId: key,
    at: t.at,
    firstSeenAt: t.at,
    reason,
    failing: [],
    failingCount: 0,
    controls: controls.map((c) => ({ id: c.id, ...(c.title ? { title: c.title } : {}) })),
    frameworks: [...byFramework(controls.flatMap((c) => c.requirements))].map(([framework, reqs]) => ({
      framework,
      requirements: reqs.map((r) => r.id),
    })),
    links: link ? [link] : [],
  };
  const subject = snsSubject(redactString(`[Flux] ${kind} ${t.subject} (until ${t.until})`));
  return {
    kind,
    key,
    subject,
    text: redactString(lines.join('\n')),
    detailType: 'ManualEvidence',
    detail: redact(detail),
    slack: redact({
      text: subject,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: subject.slice(0, 150) } },
        { type: 'section', text: { type: 'mrkdwn', text: slackEscape(`${reason}\nOwner: ${t.owner}`) } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(key) }] },
      ],
    }),
  };
}

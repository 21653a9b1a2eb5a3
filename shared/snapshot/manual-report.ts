/** The manual-evidence part of `manual/index.json`, as the report reads it. */
export interface ManualIndex {
  readonly at: string;
  readonly requirements: readonly {
    readonly requirement: string;
    readonly state: string;
    readonly documents: readonly {
      readonly id: string;
      readonly title: string;
      readonly owner: string;
      readonly file: string;
      readonly statement: string;
      readonly validUntil?: string;
      readonly approvals: readonly { readonly by: string; readonly at: string }[];
    }[];
  }[];
  readonly exceptions: readonly {
    readonly id: string;
    readonly statement: string;
    readonly control: string;
    readonly resource?: string;
    readonly owner: string;
    readonly reason: string;
    readonly expires: string;
  }[];
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The report's "Manual evidence" section: per requirement that needs people's evidence, its state at the window's
 * end and the documents it rests on (who owns them, until when they are valid, who approved them and when, with
 * links to the archived file and statement); then the accepted exceptions with owner, reason and expiry.
 */
export function manualReportSection(index: ManualIndex): string {
  const rows = index.requirements
    .map((r) => {
      const docs = r.documents.length
        ? r.documents
            .map(
              (d) =>
                `<a href="${esc(d.file)}">${esc(d.title)}</a> (owner ${esc(d.owner)}${d.validUntil ? `, valid until ${esc(d.validUntil)}` : ''}; ` +
                `${d.approvals.length ? d.approvals.map((a) => `approved by ${esc(a.by)} at ${esc(a.at)}`).join(', ') : 'not approved'}; ` +
                `<a href="${esc(d.statement)}">statement</a>)`,
            )
            .join('<br>')
        : '-';
      return `<tr><td>${esc(r.requirement)}</td><td class="m-${esc(r.state)}">${esc(r.state)}</td><td>${docs}</td></tr>`;
    })
    .join('\n');
  const exceptions = index.exceptions.length
    ? `<h3>Accepted exceptions</h3><p>Risk acceptances: the failures they cover stay in the verdicts above.</p>
<table><tr><th>Control</th><th>Resource</th><th>Owner</th><th>Reason</th><th>Expires</th></tr>
${index.exceptions
  .map(
    (e) =>
      `<tr><td>${esc(e.control)}</td><td>${esc(e.resource ?? '(all)')}</td><td>${esc(e.owner)}</td><td>${esc(e.reason)}</td><td><a href="${esc(e.statement)}">${esc(e.expires)}</a></td></tr>`,
  )
  .join('\n')}</table>`
    : '';
  return `<h2>Manual evidence</h2>
<p>State at ${esc(index.at)}; a requirement is met only with current, approved evidence for every part that needs it and
passing automation. Statements are log leaves: see step 7 of <a href="VERIFY.md">VERIFY.md</a> and <a href="manual/index.json">manual/index.json</a>.</p>
<table><tr><th>Requirement</th><th>Manual state</th><th>Documents</th></tr>
${rows}</table>
${exceptions}`;
}

import { describe, expect, it } from '@jest/globals';
import { evaluateWindow } from '../window/evaluate.js';
import type { RequirementRollup } from '../window/rollup.js';
import { reportHtml, type ReportInput } from './report-html.js';

const window = { start: '2026-01-01', end: '2026-01-10', timeZone: 'UTC' };
const day = (d: number) => `2026-01-${String(d).padStart(2, '0')}T12:00:00.000Z`;
const failing = [{ resource: 'account=1/bucket-a', reason: 'bucket policy is public' }];
const report = evaluateWindow({
  window,
  control: { id: 'DAT-01', frequency: 'daily' },
  results: Array.from({ length: 10 }, (_, i) => ({
    observedAt: day(i + 1),
    status: i >= 3 && i <= 4 ? ('FAIL' as const) : ('PASS' as const),
  })),
});
const manual = (id: string): RequirementRollup => ({
  requirementId: id,
  status: 'manual',
  manualControls: [],
  controls: [],
});
const input = (over: Partial<ReportInput> = {}): ReportInput => ({
  title: 'Acme',
  framework: 'soc2-2017',
  window,
  createdAt: day(11),
  checkpoint: { origin: 'o', treeSize: 3, rootHash: 'ab' },
  reports: [report],
  requirements: [
    {
      requirementId: 'CC6.1',
      status: report.verdict,
      manualControls: [],
      controls: [{ controlId: 'DAT-01', verdict: report.verdict }],
    },
  ],
  evidenceOf: () => ['evidence/a.json'],
  titles: new Map([
    ['DAT-01', 'S3 public access blocked'],
    ['CC1.1', 'Integrity and ethical values'],
  ]),
  resultsOf: () => [
    {
      controlId: 'DAT-01',
      status: 'FAIL',
      reason: '1 bucket public',
      failing,
      ruleVersions: {},
      mappingVersion: '1',
      artifacts: [],
      observedAt: day(5),
      evaluatedAt: day(5),
    },
  ],
  manualRequirements: [manual('CC1.1'), manual('CC1.2')],
  ...over,
});

describe('reportHtml', () => {
  it('puts the summary first: requirements effective of those assessed, exceptions, gaps, manual items', () => {
    const html = reportHtml(input()).toString();
    expect(html.indexOf('id="summary"')).toBeLessThan(html.indexOf('<h2>Requirements'));
    expect(html).toMatch(/id="s-effective"><b>1 \/ 1<\/b>requirements effective/);
    expect(html).toMatch(/id="s-exceptions"><b>1<\/b>exception intervals in 1 controls/);
    expect(html).toMatch(/id="s-manual"><b>2<\/b>manual requirements, 2 without evidence/);
  });

  it('titles each control, lists failing resources with reasons, and marks the drift and the recovery', () => {
    const html = reportHtml(input()).toString();
    expect(html).toContain(
      'DAT-01 S3 public access blocked: <span class="v-effective_with_exceptions">✓! effective with exceptions',
    );
    expect(html).toContain('<code>account=1/bucket-a</code></td><td>bucket policy is public');
    expect(html).toMatch(/class="mark drift"[^>]*>▼/);
    expect(html).toMatch(/class="mark recovery"[^>]*>▲/);
    expect(html).toContain('>2026-01-01</text>');
    expect(html).toContain('>2026-01-10</text>');
  });

  it('shows each manual requirement as missing until evidence is supplied, then its status', () => {
    const missing = reportHtml(input()).toString();
    expect(missing.match(/✗ missing/g)).toHaveLength(2);
    const supplied = reportHtml(
      input({
        manualEvidence: new Map([
          ['CC1.1', [{ title: 'Code of conduct 2026', status: 'accepted' as const, path: 'manual/coc.pdf' }]],
        ]),
      }),
    ).toString();
    expect(supplied.match(/✗ missing/g)).toHaveLength(1);
    expect(supplied).toContain(
      '<a href="manual/coc.pdf">Code of conduct 2026</a> <span class="v-effective">(accepted)</span>',
    );
    expect(supplied).toMatch(/manual requirements, 1 without evidence/);
  });

  it('escapes what it shows and carries print CSS', () => {
    const html = reportHtml(input({ title: '<script>x</script>' })).toString();
    expect(html).not.toContain('<script>x');
    expect(html).toContain('@media print');
  });
});

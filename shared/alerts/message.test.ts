import { describe, expect, it } from '@jest/globals';
import { loadControls, loadFrameworks } from '../../frameworks/index.js';
import { createControlCatalog } from './catalog.js';
import { buildAlertMessage, evidenceLink, snsSubject } from './message.js';
import { alertKey, alertKind, type ControlTransition, type GapTransition } from './types.js';

const catalog = createControlCatalog(loadControls(), loadFrameworks());
const drift: ControlTransition = {
  controlId: 'IAM-02',
  from: 'PASS',
  to: 'FAIL',
  kind: 'drift',
  at: '2026-03-01T10:00:00.000Z',
  failing: Array.from({ length: 60 }, (_, i) => ({ resource: `user-${i}`, reason: 'no MFA' })),
  reason: '60 users without MFA',
  artifacts: ['a'.repeat(64)],
};

describe('buildAlertMessage', () => {
  it('names the control, frameworks, first-seen time and caps the failing resources', () => {
    const m = buildAlertMessage(drift, {
      catalog,
      evidenceLinkBase: 'https://ev.example.com/x/',
      maxResources: 5,
    });
    expect(m.kind).toBe('DRIFT');
    expect(m.key).toBe('ALERT#IAM-02#2026-03-01T10:00:00.000Z#FAIL');
    expect(m.subject.length).toBeLessThanOrEqual(100);
    expect(m.subject).toMatch(/^\[Flux\] DRIFT IAM-02 \(PASS -> FAIL\): MFA enforced/);
    expect(m.subject).toMatch(/^[\x20-\x7e]+$/);
    expect(m.text).toContain('Failing resources (60):\n  - user-0');
    expect(m.text).toContain('... and 55 more');
    expect(m.text).not.toContain('no MFA');
    expect(m.text).toContain(`https://ev.example.com/x/artifacts/${'a'.repeat(64)}`);
    expect(m.detail).toMatchObject({
      failingCount: 60,
      firstSeenAt: drift.at,
      controlId: 'IAM-02',
      from: 'PASS',
    });
    expect(m.detail.failing).toHaveLength(5);
    expect(m.detail.frameworks.map((f) => f.framework)).toEqual(
      expect.arrayContaining(['iso27001-2022', 'soc2-2017']),
    );
    expect(m.slack.blocks[0]).toMatchObject({ type: 'header' });
    expect(m.detailType).toBe('ControlStateChanged');
  });

  it('describes an evidence gap with the affected controls and no links without a base', () => {
    const gap: GapTransition = {
      kind: 'evidence-gap',
      collector: 'aws-iam-credential-report',
      scope: 'account=1,region=global',
      openedAt: '2026-03-02T12:00:00.000Z',
      at: '2026-03-02T12:00:00.000Z',
      lastEvidenceAt: '2026-03-01T00:00:00.000Z',
      ttlHours: 36,
      controlIds: ['IAM-01', 'IAM-02'],
      artifact: { sha256: 'b'.repeat(64), key: 'evidence/x.json' },
    };
    const m = buildAlertMessage(gap, { catalog });
    expect([m.kind, m.detailType]).toEqual(['EVIDENCE_GAP', 'EvidenceGap']);
    expect(m.text).toContain('Controls affected: IAM-01, IAM-02');
    expect(m.detail.links).toEqual([]);
    expect(alertKey(gap)).toBe(
      'ALERT#GAP#aws-iam-credential-report#account=1,region=global#2026-03-02T12:00:00.000Z#OPEN',
    );
    expect(alertKind({ ...gap, kind: 'evidence-restored' })).toBe('EVIDENCE_RESTORED');
  });

  it('classifies transitions', () => {
    expect(alertKind({ ...drift, from: 'FAIL', to: 'PASS' })).toBe('RECOVERED');
    expect(alertKind({ ...drift, from: 'UNKNOWN', to: 'PASS' })).toBe('RECOVERED');
    expect(alertKind({ ...drift, from: 'PASS', to: 'UNKNOWN' })).toBe('UNKNOWN');
    expect(alertKind({ ...drift, from: 'FAIL', to: 'NOT_APPLICABLE' })).toBe('CHANGED');
  });

  it('keeps an unknown control id rather than dropping the alert', () => {
    const m = buildAlertMessage({ ...drift, controlId: 'ZZZ-99' }, { catalog });
    expect(m.detail.controls).toEqual([{ id: 'ZZZ-99' }]);
  });
});

describe('snsSubject and evidenceLink', () => {
  it('keeps subjects to 100 printable ASCII characters on one line', () => {
    const s = snsSubject(`PASS → FAIL ${'é'.repeat(20)}\n${'x'.repeat(200)}`);
    expect(s.length).toBe(100);
    expect(s).toMatch(/^PASS -> FAIL \?+ x+\.\.\.$/);
  });
  it('links by key when known, by hash otherwise, and not at all without a base', () => {
    expect(evidenceLink('https://e.example/', { sha256: 'c', key: 'evidence/a b.json' })).toBe(
      'https://e.example/evidence/a%20b.json',
    );
    expect(evidenceLink('https://e.example', { sha256: 'c' })).toBe('https://e.example/artifacts/c');
    expect(evidenceLink(undefined, { sha256: 'c' })).toBeUndefined();
  });
});

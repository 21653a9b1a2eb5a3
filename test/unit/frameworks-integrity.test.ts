import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { IntegrityError, NotFoundError, ValidationError } from '../../shared/errors.js';
import {
  COLLECTOR_IDS,
  ControlSchema,
  ControlSetSchema,
  FRAMEWORK_IDS,
  FRAMEWORKS_DIR,
  FrameworkSchema,
  controlsForRequirement,
  coverageReport,
  findIntegrityProblems,
  getFramework,
  loadControls,
  loadFrameworks,
  requirementStatus,
  requirementsForControl,
  type Control,
  type Framework,
  type FrameworkId,
} from '../../frameworks/index.js';

const frameworks = loadFrameworks();
const controls = loadControls();
const fw = (id: FrameworkId): Framework => frameworks.find((f) => f.id === id)!;
const ids = (id: FrameworkId): string[] => fw(id).requirements.map((r) => r.id);
const range = (prefix: string, n: number, from = 1): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + from}`);
const clone = <T>(x: T): T => structuredClone(x);

describe('framework data files', () => {
  it.each([...FRAMEWORK_IDS])('%s.json validates against the framework schema', (id) => {
    const raw = JSON.parse(readFileSync(join(FRAMEWORKS_DIR, `${id}.json`), 'utf8'));
    const parsed = FrameworkSchema.parse(raw);
    expect(parsed.id).toBe(id);
  });

  it('controls.json validates against the control-set schema', () => {
    const raw = JSON.parse(readFileSync(join(FRAMEWORKS_DIR, 'controls.json'), 'utf8'));
    expect(ControlSetSchema.parse(raw).controls.length).toBe(controls.length);
  });

  it('has no integrity problems (ids, references, orphans, unmapped requirements)', () => {
    expect(findIntegrityProblems(frameworks, controls)).toEqual([]);
  });
});

describe('ISO/IEC 27001:2022 catalog', () => {
  const themes: Array<[string, string, number]> = [
    ['organizational', 'A.5.', 37],
    ['people', 'A.6.', 8],
    ['physical', 'A.7.', 14],
    ['technological', 'A.8.', 34],
  ];

  it.each(themes)('has the %s theme with %s1..%s%i', (group, prefix, n) => {
    const inGroup = fw('iso27001-2022')
      .requirements.filter((r) => r.group === group)
      .map((r) => r.id);
    expect(inGroup).toEqual(range(prefix, n));
  });

  it('has 93 Annex A controls, 11 of them new in 2022', () => {
    const annex = fw('iso27001-2022').requirements.filter((r) => r.id.startsWith('A.'));
    expect(annex).toHaveLength(93);
    expect(annex.filter((r) => r.tags?.includes('new-in-2022')).map((r) => r.id)).toEqual([
      'A.5.7',
      'A.5.23',
      'A.5.30',
      'A.7.4',
      'A.8.9',
      'A.8.10',
      'A.8.11',
      'A.8.12',
      'A.8.16',
      'A.8.23',
      'A.8.28',
    ]);
  });

  it('has clauses 4-10 with their sub-clauses, headings not assessable', () => {
    const clauses = fw('iso27001-2022').requirements.filter((r) => r.group === 'clauses');
    expect(clauses.map((r) => r.id)).toEqual(
      [
        '4',
        '4.1',
        '4.2',
        '4.3',
        '4.4',
        '5',
        '5.1',
        '5.2',
        '5.3',
        '6',
        '6.1',
        '6.1.1',
        '6.1.2',
        '6.1.3',
        '6.2',
        '6.3',
      ]
        .concat(['7', '7.1', '7.2', '7.3', '7.4', '7.5', '7.5.1', '7.5.2', '7.5.3', '8', '8.1', '8.2', '8.3'])
        .concat([
          '9',
          '9.1',
          '9.2',
          '9.2.1',
          '9.2.2',
          '9.3',
          '9.3.1',
          '9.3.2',
          '9.3.3',
          '10',
          '10.1',
          '10.2',
        ]),
    );
    expect(clauses.filter((r) => !r.assessable).map((r) => r.id)).toEqual([
      '4',
      '5',
      '6',
      '6.1',
      '7',
      '7.5',
      '8',
      '9',
      '9.2',
      '9.3',
      '10',
    ]);
    expect(clauses.find((r) => r.id === '6.1.2')?.parent).toBe('6.1');
  });
});

describe('SOC 2 catalog', () => {
  const expected = [
    ...range('CC1.', 5),
    ...range('CC2.', 3),
    ...range('CC3.', 4),
    ...range('CC4.', 2),
    ...range('CC5.', 3),
    ...range('CC6.', 8),
    ...range('CC7.', 5),
    'CC8.1',
    'CC9.1',
    'CC9.2',
    ...range('A1.', 3),
    ...range('C1.', 2),
    ...range('PI1.', 5),
    'P1.1',
    'P2.1',
    'P3.1',
    'P3.2',
    ...range('P4.', 3),
    'P5.1',
    'P5.2',
    ...range('P6.', 7),
    'P7.1',
    'P8.1',
  ];

  it('has every criterion, 61 in all', () => {
    expect(expected).toHaveLength(61);
    expect(ids('soc2-2017')).toEqual(expected);
  });

  it('puts each criterion in a series whose parent is its category (33/3/2/5/18)', () => {
    const soc2 = fw('soc2-2017');
    const categoryOf = (group: string) => soc2.groups.find((g) => g.id === group)?.parent;
    const counts: Record<string, number> = {};
    for (const r of soc2.requirements) counts[categoryOf(r.group)!] = (counts[categoryOf(r.group)!] ?? 0) + 1;
    expect(counts).toEqual({
      security: 33,
      availability: 3,
      confidentiality: 2,
      'processing-integrity': 5,
      privacy: 18,
    });
  });

  it('records the 2022 points-of-focus revision', () => {
    expect(fw('soc2-2017').version).toMatch(/2022/);
  });
});

describe('NIS2 catalog', () => {
  it('has Art. 20, 21(1)-(5) with 21(2)(a)-(j), and 23', () => {
    const art = ['20.1', '20.2', '21.1', '21.2', ...'abcdefghij'.split('').map((p) => `21.2.${p}`)]
      .concat([
        '21.3',
        '21.4',
        '21.5',
        '23.1',
        '23.2',
        '23.3',
        '23.4',
        ...'abcde'.split('').map((p) => `23.4.${p}`),
      ])
      .map((x) => `NIS2-${x}`);
    expect(ids('nis2').filter((id) => id.startsWith('NIS2-'))).toEqual(art);
  });

  it('has the 13 sections and 53 points of the IR 2024/2690 Annex, each tied to Art. 21(2) points', () => {
    const ir = fw('nis2').requirements.filter((r) => r.group === 'ir-2024-2690');
    expect(ir.filter((r) => !r.id.includes('.'))).toHaveLength(13);
    expect(ir.filter((r) => r.id.includes('.'))).toHaveLength(53);
    for (const r of ir) expect(r.related?.every((x) => /^NIS2-21\.2\.[a-j]$/.test(x))).toBe(true);
    expect(fw('nis2').requirements.find((r) => r.id === 'IR-10.2')?.title).toBe('Verification of background');
  });
});

describe('GDPR catalog', () => {
  it.each(['5', '24', '25', '28', '30', '32', '33', '34', '35'])(
    'has Art. %s and its paragraphs',
    (article) => {
      const rows = ids('gdpr').filter((id) => id === `GDPR-${article}` || id.startsWith(`GDPR-${article}.`));
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(rows).toContain(`GDPR-${article}`);
    },
  );

  it('keeps the paragraphs of Art. 32 and 33 as in the reference', () => {
    expect(ids('gdpr').filter((id) => /^GDPR-3[23]\./.test(id))).toEqual(
      [
        '32.1',
        '32.1.a',
        '32.1.b',
        '32.1.c',
        '32.1.d',
        '32.2',
        '32.3',
        '32.4',
        '33.1',
        '33.2',
        '33.3',
        '33.4',
        '33.5',
      ].map((x) => `GDPR-${x}`),
    );
    expect(fw('gdpr').requirements.find((r) => r.id === 'GDPR-32.1.a')).toMatchObject({
      parent: 'GDPR-32.1',
      ref: 'Art. 32(1)(a)',
    });
  });
});

describe('common control set', () => {
  it('has at least 50 controls with unique AREA-NN ids and a semantic version', () => {
    expect(controls.length).toBeGreaterThanOrEqual(50);
    expect(new Set(controls.map((c) => c.id)).size).toBe(controls.length);
    for (const c of controls) expect(c.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('maps every control to at least one requirement that exists', () => {
    for (const c of controls) {
      expect(c.mappings.length).toBeGreaterThan(0);
      const resolved = requirementsForControl(frameworks, c);
      expect(resolved.map((m) => m.requirement.id)).toEqual(c.mappings.map((m) => m.requirement));
    }
  });

  it('names only known collectors, and every automated or partial control names one', () => {
    for (const c of controls) {
      for (const col of c.collectors) expect(COLLECTOR_IDS).toContain(col);
      expect(c.automation === 'manual' ? c.collectors.length === 0 : c.collectors.length > 0).toBe(true);
    }
    const used = new Set(controls.flatMap((c) => c.collectors));
    expect([...COLLECTOR_IDS].filter((id) => !used.has(id))).toEqual([]);
  });

  it.each<[string, string, string[]]>([
    [
      'MFA for all human users',
      'IAM-02',
      ['aws-iam-credential-report', 'okta-users', 'entra-users', 'google-workspace-users', 'github-org'],
    ],
    ['root account MFA and no keys', 'IAM-05', ['aws-iam-account-summary', 'aws-iam-credential-report']],
    ['access key rotation', 'IAM-11', ['aws-iam-credential-report']],
    ['no direct admin users', 'IAM-06', ['aws-iam-admin-access']],
    ['password policy', 'IAM-04', ['aws-iam-password-policy']],
    ['timely deprovisioning', 'IAM-08', ['access-reconciliation']],
    ['S3 public access blocked', 'DAT-01', ['aws-s3-buckets']],
    [
      'encryption at rest',
      'CRY-01',
      ['aws-s3-buckets', 'aws-ec2-ebs-default-encryption', 'aws-rds-instances'],
    ],
    ['KMS rotation', 'CRY-03', ['aws-kms-keys']],
    ['CloudTrail multi-region', 'LOG-01', ['aws-cloudtrail-trails']],
    ['CloudTrail log validation', 'LOG-02', ['aws-cloudtrail-trails']],
    ['AWS Config recording', 'CFG-02', ['aws-config-recorder']],
    ['GuardDuty enabled', 'MON-02', ['aws-guardduty-detectors']],
    ['Security Hub enabled', 'MON-03', ['aws-securityhub-status']],
    ['no admin ports open', 'NET-04', ['aws-ec2-security-groups']],
    ['RDS not public', 'DAT-04', ['aws-rds-instances']],
    ['backups', 'BCK-01', ['aws-backup-plans', 'aws-rds-instances']],
    ['branch protection', 'CHG-01', ['github-repos']],
    ['peer review of changes', 'CHG-05', ['github-pull-requests']],
    ['vulnerability alerts remediated', 'VUL-04', ['github-vulnerability-alerts']],
  ])('has a control for %s (%s)', (_what, id, collectors) => {
    const c = controls.find((x) => x.id === id);
    expect(c?.automation).not.toBe('manual');
    expect(c?.collectors).toEqual(expect.arrayContaining(collectors));
  });

  it('gives every non-intersect relation a rationale', () => {
    const special = controls.flatMap((c) => c.mappings).filter((m) => m.relation !== 'intersect');
    expect(special.length).toBeGreaterThan(0);
    for (const m of special) expect(m.rationale).toBeTruthy();
  });
});

describe('integrity checker', () => {
  const problemsWith = (mutate: (f: Framework[], c: Control[]) => void): string[] => {
    const f = clone(frameworks);
    const c = clone(controls);
    mutate(f, c);
    return findIntegrityProblems(f, c);
  };

  it('reports a mapping to a requirement that does not exist', () => {
    const p = problemsWith((_f, c) =>
      c[0]!.mappings.push({ framework: 'soc2-2017', requirement: 'CC10.1', relation: 'intersect' }),
    );
    expect(p).toEqual([`control ${controls[0]!.id}: mapping to soc2-2017 CC10.1 does not resolve`]);
  });

  it('reports an unknown collector, an orphan control and a duplicate id', () => {
    const p = problemsWith((_f, c) => {
      c[1]!.collectors.push('aws-made-up' as never);
      c[2]!.mappings = [];
      c.push(clone(c[3]!));
    });
    expect(p).toEqual(
      expect.arrayContaining([
        `control ${controls[1]!.id}: unknown collector aws-made-up`,
        `control ${controls[2]!.id}: maps to no requirement (orphan)`,
        `control ${controls[3]!.id} appears twice`,
      ]),
    );
  });

  it('reports a requirement that is neither mapped nor marked manual', () => {
    const p = problemsWith((f) =>
      f[0]!.requirements.push({ id: 'A.9.1', title: 'Invented', group: 'technological', assessable: true }),
    );
    expect(p).toEqual(['iso27001-2022 A.9.1: not mapped to any control and not marked manual']);
  });

  it('reports a dangling group or parent and a missing framework', () => {
    const p = problemsWith((f) => {
      f[1]!.requirements[0]!.group = 'nowhere';
      f[1]!.requirements[1]!.parent = 'CC0';
      f.pop();
    });
    expect(p).toEqual(
      expect.arrayContaining([
        'framework gdpr is missing',
        'soc2-2017 CC1.1: group nowhere does not exist',
        'soc2-2017 CC1.2: parent CC0 does not exist',
      ]),
    );
  });

  it('rejects a manual control with collectors and an automated one without', () => {
    const base = controls.find((c) => c.automation === 'automated')!;
    expect(ControlSchema.safeParse({ ...base, automation: 'manual', manualEvidence: 'x' }).success).toBe(
      false,
    );
    expect(ControlSchema.safeParse({ ...base, collectors: [] }).success).toBe(false);
    expect(ControlSchema.safeParse({ ...base, collectors: ['not-a-collector'] }).success).toBe(false);
  });
});

describe('coverage report', () => {
  it.each([...FRAMEWORK_IDS])('covers every assessable %s requirement', (id) => {
    const r = coverageReport(fw(id), controls);
    expect(r.notCovered).toBe(0);
    expect(r.automated + r.partial + r.manual).toBe(r.total);
    expect(r.total + r.notAssessable).toBe(fw(id).requirements.length);
  });

  it('never counts a requirement with a manual marker as automated', () => {
    const gdpr = coverageReport(fw('gdpr'), controls).requirements;
    expect(gdpr.find((r) => r.requirement === 'GDPR-34.3.a')).toEqual({
      requirement: 'GDPR-34.3.a',
      status: 'partial',
      controls: ['CRY-01'],
    });
    expect(
      coverageReport(fw('soc2-2017'), controls).requirements.find((r) => r.requirement === 'PI1.1')?.status,
    ).toBe('manual');
  });

  it('derives a status from the automation levels of the mapped controls', () => {
    expect(requirementStatus(['automated', 'automated'], false)).toBe('automated');
    expect(requirementStatus(['automated', 'manual'], false)).toBe('partial');
    expect(requirementStatus(['manual'], false)).toBe('manual');
    expect(requirementStatus([], true)).toBe('manual');
    expect(requirementStatus([], false)).toBe('not-covered');
  });
});

describe('loaders and lookups', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('finds the controls of a requirement and the requirements of a control', () => {
    expect(controlsForRequirement(controls, 'iso27001-2022', 'A.8.5').map((c) => c.id)).toEqual(
      expect.arrayContaining(['IAM-02', 'IAM-03']),
    );
    const iam02 = controls.find((c) => c.id === 'IAM-02')!;
    expect(requirementsForControl(frameworks, iam02)).toContainEqual(
      expect.objectContaining({
        framework: 'iso27001-2022',
        relation: 'subset',
        requirement: expect.objectContaining({ id: 'A.8.5' }),
      }),
    );
  });

  it('throws IntegrityError when a control maps to an unknown requirement', () => {
    const bad = {
      ...controls[0]!,
      mappings: [{ framework: 'gdpr' as const, requirement: 'GDPR-999', relation: 'intersect' as const }],
    };
    expect(() => requirementsForControl(frameworks, bad)).toThrow(IntegrityError);
  });

  it('throws NotFoundError for a missing file and ValidationError for a file holding another framework', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flux-fw-'));
    dirs.push(dir);
    expect(() => loadControls(dir)).toThrow(NotFoundError);
    copyFileSync(join(FRAMEWORKS_DIR, 'gdpr.json'), join(dir, 'nis2.json'));
    expect(() => getFramework('nis2', dir)).toThrow(ValidationError);
    writeFileSync(
      join(dir, 'controls.json'),
      JSON.stringify({ version: '1.0.0', controls: [{ id: 'bad' }] }),
    );
    expect(() => loadControls(dir)).toThrow(/controls\.0\.id/);
  });
});

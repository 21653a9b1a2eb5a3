/**
 * Narrowed mappings of reference controls. The reference gives broad controls (HR-01, PHY-01, GOV-04, SDL-01, ...)
 * mappings to every requirement of their area, so two requirements sharing such a control looked equivalent when
 * published crosswalks (CISO Assistant ISO 27001 <-> SOC 2, ENISA IR 2024/2690 -> ISO 27001; see
 * frameworks/sources/README.md) do not pair them. Here each listed part replaces the reference's mappings for that
 * part; parts not listed keep the reference's. The requirements moved out go to the controls split out in
 * overlay-split.ts, or carry a manual marker in corrections.ts.
 *
 * Parts: `iso` = ISO/IEC 27001:2022, `soc2` = SOC 2, `ir` = IR 2024/2690 points, `nis2` = NIS2 articles, `gdpr`.
 */
export interface Narrowing {
  iso?: string[];
  soc2?: string[];
  ir?: string[];
  nis2?: string[];
  gdpr?: string[];
}

export const NARROWED: Readonly<Record<string, Narrowing>> = {
  // Policy set: 7.4 (communication) is its own manual requirement; crypto policy points go to CRY-01/03.
  'GOV-01': { iso: ['5.2', '7.5.1', '7.5.2', '7.5.3', 'A.5.1', 'A.5.37'], ir: ['IR-1.1'] },
  // Roles and responsibilities; leadership and oversight moved to GOV-06.
  'GOV-02': { iso: ['5.3', 'A.5.2', 'A.5.4'], soc2: ['CC1.3'], ir: ['IR-1.2'] },
  // Register of legal, regulatory and contractual requirements; ISMS scope and context moved to GOV-07.
  'GOV-03': { iso: ['4.2', 'A.5.31', 'A.5.32', 'A.5.34'], soc2: [], ir: ['IR-2.2'] },
  // Internal audit and independent review; measurement and management review in GOV-08, corrective action GOV-09.
  'GOV-04': {
    iso: ['9.2.1', '9.2.2', 'A.5.35', 'A.5.36'],
    soc2: ['CC4.1'],
    ir: ['IR-2.2', 'IR-2.3'],
    nis2: ['NIS2-21.2.f'],
  },
  // Risk assessment and treatment; objectives (CC3.1) go with leadership, planning of changes (6.3) is manual.
  'RSK-01': {
    iso: ['6.1.1', '6.1.2', '6.1.3', '6.2', '8.1', '8.2', '8.3'],
    soc2: ['CC3.2', 'CC3.3', 'CC3.4', 'CC5.1', 'CC9.1'],
    ir: ['IR-2.1'],
  },
  'AST-01': { soc2: [], ir: ['IR-12.1', 'IR-12.2', 'IR-12.4'] },
  // Classification; handling of assets (IR 12.2) moved to AST-04.
  'AST-02': { soc2: ['CC6.1', 'C1.1'], ir: ['IR-12.1'] },
  // Endpoints; anti-malware (CC6.8) is MON-02's criterion, awareness (IR 8.1) HR-02's.
  'AST-03': { soc2: ['CC6.7'], ir: [] },
  'IAM-01': { soc2: ['CC6.1'] },
  'IAM-02': { iso: ['A.8.5'] },
  'IAM-03': { iso: ['A.8.5'], ir: ['IR-11.7'] },
  'IAM-04': { iso: ['A.5.17'] },
  'IAM-05': { iso: ['A.8.2'] },
  // No directly attached administrator access = privileged access rights.
  'IAM-06': { iso: ['A.8.2', 'A.8.18'], soc2: ['CC6.3'], ir: ['IR-11.3', 'IR-11.4'] },
  'IAM-07': { iso: ['A.5.18'] },
  // Account deprovisioning; return of assets and employment-termination duties are HR-05's and PHY-02's.
  'IAM-08': { iso: ['A.5.18'], ir: ['IR-11.2'] },
  'IAM-09': { iso: ['A.5.18'] },
  'IAM-10': { iso: ['A.5.17'], ir: ['IR-11.6'] },
  'CRY-01': { soc2: ['CC6.1'], ir: ['IR-9.1', 'IR-9.2'] },
  'CRY-03': { ir: ['IR-9.1', 'IR-9.2', 'IR-9.3'] },
  // Public-access blocks restrict access to information; data-leakage prevention (A.8.12) is DAT-03's.
  'DAT-01': { iso: ['A.5.15', 'A.8.3'], soc2: ['CC6.1'], ir: ['IR-11.1'] },
  'DAT-02': { iso: ['A.8.10'] },
  'DAT-03': { iso: ['A.5.34', 'A.8.12'], ir: [] },
  'LOG-01': { soc2: ['CC7.2'] },
  // GuardDuty is threat detection (monitoring); endpoint anti-malware and event assessment are other controls.
  'MON-02': { iso: ['A.8.16'], ir: ['IR-3.2', 'IR-6.7'] },
  'BCK-02': { ir: ['IR-4.2'] },
  'BCP-01': { soc2: ['CC7.5'] },
  'VUL-01': { ir: ['IR-6.1', 'IR-6.10'] },
  'VUL-03': { iso: ['A.8.8'], soc2: ['CC7.1'], ir: ['IR-6.10'] },
  'CFG-01': { iso: ['A.8.9'] },
  'NET-02': { iso: ['A.8.22'], soc2: ['CC6.1'] },
  'NET-03': { iso: ['A.5.14', 'A.6.7'], soc2: ['CC6.1', 'CC6.7'], ir: [] },
  'CHG-01': { iso: ['A.8.32'], ir: ['IR-6.4'] },
  'CHG-02': { ir: [] },
  'CHG-03': { iso: ['A.8.4', 'A.8.25'], soc2: ['CC8.1'] },
  'CHG-04': { iso: ['A.8.11', 'A.8.31'], soc2: ['CC6.1'], ir: ['IR-6.2'] },
  // Secure development lifecycle; security testing moved to SDL-02, vulnerability disclosure is VUL-01's.
  'SDL-01': { iso: ['A.5.8', 'A.8.25', 'A.8.26', 'A.8.27', 'A.8.28'], soc2: ['CC8.1'], ir: ['IR-6.2'] },
  // Incident plan; response is INC-05's, assessment INC-04's, post-incident review INC-06's.
  'INC-01': { iso: ['A.5.24'], soc2: ['CC7.4', 'CC7.5'], ir: ['IR-3.1'] },
  'INC-02': { iso: ['A.6.8'], soc2: ['CC2.3'], ir: ['IR-3.3'] },
  'INC-03': { iso: ['A.5.5'], soc2: ['CC2.3', 'P6.3', 'P6.6'] },
  // Supplier policy and agreements (incl. GDPR Art. 28 and outsourced development); directory in SUP-03.
  'SUP-01': {
    iso: ['A.5.19', 'A.5.20', 'A.5.21', 'A.8.30'],
    soc2: ['CC9.2', 'P6.4', 'P6.5'],
    ir: ['IR-2.1', 'IR-5.1'],
  },
  'SUP-02': { iso: ['A.5.21', 'A.5.23'], soc2: [], ir: ['IR-6.1'] },
  // Screening; terms, disciplinary process, termination and NDAs are HR-03 to HR-06.
  'HR-01': { iso: ['A.6.1'], soc2: ['CC1.4'], ir: ['IR-10.2'], gdpr: [] },
  // Awareness; competence and training are HR-07's.
  'HR-02': { iso: ['7.3', 'A.6.3'], soc2: ['CC2.2'], ir: ['IR-8.1'] },
  // Perimeter and entry; environmental threats in PHY-03, utilities and equipment in PHY-04.
  'PHY-02': { iso: ['A.5.11', 'A.7.7', 'A.7.10', 'A.7.14', 'A.8.10'] },
  'PHY-01': { iso: ['A.7.1', 'A.7.2', 'A.7.4', 'A.7.6'], soc2: ['CC6.4'], ir: ['IR-13.3'] },
};

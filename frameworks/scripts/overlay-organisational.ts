import type { ControlOverlay } from './overlay-types.js';

const manual = (description: string, frequency: ControlOverlay['frequency'] = 'annual'): ControlOverlay => ({
  description,
  automation: 'manual',
  collectors: [],
  frequency,
});

/** Governance, risk, continuity, development lifecycle, incidents, suppliers, people, physical, privacy. */
export const ORGANISATIONAL_OVERLAY: Readonly<Record<string, ControlOverlay>> = {
  'GOV-01': manual(
    'The information security policy set is approved by management, published, communicated and reviewed at planned intervals.',
  ),
  'GOV-02': manual(
    'Security roles (including CISO and DPO) are assigned, and the management body approves and oversees the risk-management measures.',
  ),
  'GOV-03': manual(
    'Legal, regulatory and contractual requirements (including the national NIS2 transposition and GDPR) are registered with owners and reviewed.',
  ),
  'GOV-04': {
    description:
      'Control effectiveness is measured and reviewed: internal audit, management review, metrics and corrective actions. Security Hub status is judged by MON-03.',
    automation: 'manual',
    collectors: [],
    frequency: 'quarterly',
  },
  'GOV-05': manual(
    'Contacts with authorities, the CSIRT and special interest groups are maintained; security contacts are registered with providers.',
  ),
  'RSK-01': manual(
    'Risks are assessed and treated under a defined method: risk register, treatment plan, Statement of Applicability, risk acceptance.',
  ),
  'RSK-02': {
    description:
      'Threat intelligence is collected and used; GuardDuty supplies managed threat intelligence for the AWS estate.',
    automation: 'partial',
    collectors: ['aws-guardduty-detectors'],
    frequency: 'quarterly',
  },
  'BCP-01': manual(
    'A business continuity, ICT readiness and crisis-management plan exists, is tested, and includes emergency communication channels.',
  ),
  'SDL-01': {
    title:
      'Secure development lifecycle (security requirements, threat modelling, testing, vulnerability disclosure)',
    description:
      'Security is built into development: requirements, threat modelling, security testing, pen tests and a published vulnerability-disclosure route (SECURITY.md).',
    automation: 'manual',
    collectors: [],
    frequency: 'quarterly',
  },
  'INC-01': manual(
    'An incident response plan with roles, playbooks and on-call arrangements exists and is exercised.',
  ),
  'INC-02': manual(
    'Security events are assessed and classified, incidents registered with evidence, and lessons learned recorded.',
    'monthly',
  ),
  'INC-03': manual(
    'Significant incidents and personal-data breaches are notified to authorities, customers and data subjects within the legal deadlines.',
    'continuous',
  ),
  'SUP-01': manual(
    'Suppliers are inventoried, assessed before onboarding, bound by security and data-processing terms, and monitored.',
  ),
  'SUP-02': {
    description:
      'Third-party integrations are governed: GitHub App installations and OAuth access are restricted and reviewed.',
    automation: 'manual',
    collectors: [],
    frequency: 'quarterly',
    manualEvidence:
      'GitHub App and OAuth app inventory with review, IdP application-consent settings, SaaS integration inventory and review of cross-account trust',
  },
  'HR-01': manual(
    'Staff are screened, bound by terms of employment, NDAs and acceptable-use rules, and subject to a disciplinary process.',
  ),
  'HR-02': manual('Staff and management-body members complete security and privacy awareness training.'),
  'PHY-01': manual(
    'Offices are physically secured; data-centre controls are inherited from the cloud provider and evidenced by its reports.',
  ),
  'PHY-02': manual(
    'Storage media are handled and equipment is securely wiped or destroyed before disposal or re-use.',
  ),
  'PRV-01': manual(
    'Records of processing activities are kept for controller and processor roles and reviewed.',
  ),
  'PRV-02': manual(
    'DPIAs are carried out for high-risk processing, with DPO advice and prior consultation where needed.',
  ),
  'PRV-03': manual('Privacy notices, lawful bases and consents are documented and kept current.'),
  'PRV-04': manual('Data-subject requests are handled within the legal deadlines and logged.', 'quarterly'),
  'PRV-05': manual(
    'International transfers rely on adequacy, SCCs or other Art. 46 safeguards and are registered.',
  ),
};

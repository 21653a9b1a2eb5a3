import type { NewControl } from './overlay-types.js';

const PART = 'The control evidences one technical part of a wider requirement.';
const GDPR_SECURITY = ['GDPR-5.1.f', 'GDPR-32', 'GDPR-32.1', 'GDPR-32.1.b'];

/**
 * Controls split out of broader reference controls so that each has one clear rule set and evidence
 * frequency. Their mappings are a subset of their parents' mappings unless a comment says otherwise.
 */
export const NEW_CONTROLS: readonly NewControl[] = [
  {
    id: 'IAM-11',
    title: 'IAM access keys rotated; unused keys removed',
    description:
      'Every active IAM access key is younger than the rotation limit (90 days by default) and keys unused for the inactivity limit are deactivated.',
    automation: 'automated',
    collectors: ['aws-iam-credential-report'],
    frequency: 'daily',
    splitFrom: ['IAM-10', 'IAM-08'],
    mappings: {
      'iso27001-2022': ['A.5.17'],
      'soc2-2017': ['CC6.1'],
      nis2: ['NIS2-21.2.i', 'IR-11', 'IR-11.6'],
      gdpr: GDPR_SECURITY,
    },
  },
  {
    id: 'DAT-04',
    title: 'Databases not publicly accessible',
    description: 'No RDS instance is publicly accessible.',
    automation: 'automated',
    collectors: ['aws-rds-instances'],
    frequency: 'daily',
    splitFrom: ['DAT-01'],
    mappings: {
      'iso27001-2022': ['A.5.15', ['A.8.3', 'subset', PART]],
      'soc2-2017': ['CC6.1'],
      nis2: ['NIS2-21.2.e', 'NIS2-21.2.i', 'IR-11', 'IR-11.1'],
      gdpr: ['GDPR-25', 'GDPR-25.2', ...GDPR_SECURITY],
    },
  },
  {
    id: 'MON-03',
    title: 'Security Hub enabled with security standards',
    description:
      'AWS Security Hub is enabled in every region in use with the foundational security standards subscribed.',
    automation: 'automated',
    collectors: ['aws-securityhub-status'],
    frequency: 'daily',
    splitFrom: ['MON-02', 'GOV-04', 'CFG-01'],
    mappings: {
      'iso27001-2022': ['A.8.9'],
      'soc2-2017': ['CC7.1'],
      nis2: ['NIS2-21.2.b', 'NIS2-21.2.e', 'IR-6.3'],
      gdpr: ['GDPR-32', 'GDPR-32.1', 'GDPR-32.1.d'],
    },
  },
  {
    id: 'CFG-02',
    title: 'AWS Config recording all resources in every region',
    description:
      'An AWS Config recorder is on in every region in use, records all supported resource types and delivers to a channel.',
    automation: 'automated',
    collectors: ['aws-config-recorder'],
    frequency: 'daily',
    splitFrom: ['CFG-01', 'AST-01'],
    mappings: {
      'iso27001-2022': ['A.8.9'],
      'soc2-2017': ['CC5.2', 'CC7.1'],
      nis2: ['NIS2-21.2.e', 'IR-6', 'IR-6.3'],
      gdpr: ['GDPR-32', 'GDPR-32.1', 'GDPR-32.1.b'],
    },
  },
  {
    id: 'NET-04',
    title: 'No administrative ports open to the internet',
    description:
      'No security group allows inbound SSH (22), RDP (3389) or database ports from 0.0.0.0/0 or ::/0.',
    automation: 'automated',
    collectors: ['aws-ec2-security-groups'],
    frequency: 'daily',
    splitFrom: ['NET-01', 'NET-03'],
    mappings: {
      'iso27001-2022': [['A.8.20', 'subset', PART]],
      'soc2-2017': ['CC6.1', ['CC6.6', 'subset', PART]],
      nis2: ['NIS2-21.2.e', 'NIS2-21.2.i', 'IR-6', 'IR-6.7'],
      gdpr: GDPR_SECURITY,
    },
  },
  {
    id: 'CHG-05',
    title: 'Every change peer-reviewed before merge',
    description:
      'Every pull request merged into a default branch was approved by at least one reviewer other than its author.',
    automation: 'automated',
    collectors: ['github-pull-requests'],
    frequency: 'continuous',
    splitFrom: ['CHG-01'],
    mappings: {
      'iso27001-2022': [['A.8.32', 'subset', PART]],
      'soc2-2017': [['CC8.1', 'subset', PART], 'CC5.1'],
      nis2: ['NIS2-21.2.e', 'IR-6', 'IR-6.4'],
      gdpr: ['GDPR-25', 'GDPR-25.1', 'GDPR-32', 'GDPR-32.1', 'GDPR-32.1.b'],
    },
  },
  {
    id: 'VUL-04',
    title: 'Dependency vulnerability alerts remediated within SLA',
    description:
      'No open Dependabot alert is older than the SLA for its severity (for example critical 15 days, high 30 days).',
    automation: 'automated',
    collectors: ['github-vulnerability-alerts'],
    frequency: 'daily',
    splitFrom: ['VUL-01', 'VUL-03'],
    mappings: {
      'iso27001-2022': [['A.8.8', 'subset', PART]],
      'soc2-2017': ['CC7.1'],
      nis2: ['NIS2-21.2.e', 'IR-6', 'IR-6.6', 'IR-6.10'],
      gdpr: [...GDPR_SECURITY, 'GDPR-32.1.d'],
    },
  },
];

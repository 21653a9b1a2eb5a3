import type { ControlOverlay } from './overlay-types.js';

/** Identity, cryptography, data, logging, monitoring, network, change, vulnerability, backup, assets. */
export const TECHNICAL_OVERLAY: Readonly<Record<string, ControlOverlay>> = {
  'AST-01': {
    description:
      'Cloud resources (AWS Config inventory), repositories and workforce identities are inventoried from their sources of record.',
    automation: 'partial',
    collectors: [
      'aws-config-recorder',
      'github-repos',
      'okta-users',
      'entra-users',
      'google-workspace-users',
      'aws-identity-center-users',
    ],
    frequency: 'daily',
    manualEvidence:
      'Asset owners, and inventory of endpoints, SaaS applications and physical assets not discoverable by these collectors',
  },
  'AST-02': {
    description:
      'Information is classified under a scheme and labelled (for example resource tags, repository properties).',
    automation: 'manual',
    collectors: [],
    frequency: 'annual',
    manualEvidence:
      'Classification scheme and evidence of labelling (tag policy, repository custom properties export)',
  },
  'AST-03': {
    description:
      'Endpoints are enrolled in MDM with disk encryption, screen lock, OS updates and EDR; no endpoint collector exists yet.',
    automation: 'manual',
    collectors: [],
    frequency: 'monthly',
    manualEvidence:
      'MDM compliance export (enrolment, disk encryption, OS version, EDR status) and exceptions for unmanaged devices',
  },
  'IAM-01': {
    description:
      'Every workforce user has a unique identity in the central IdP and reaches AWS through IAM Identity Center; IAM users outside SSO are exceptions. No rule judges the collected data yet, so it is evidenced manually.',
    automation: 'manual',
    collectors: [],
    frequency: 'quarterly',
    manualEvidence:
      'Export of IdP users and AWS IAM users showing one named identity per person, with the approved exceptions outside SSO',
  },
  'IAM-02': {
    title: 'MFA enforced for all human users (AWS IAM, identity providers, GitHub)',
    description:
      'Every IAM user with a console password has MFA; every active IdP user is enrolled in MFA; the GitHub organization requires two-factor authentication.',
    automation: 'automated',
    collectors: [
      'aws-iam-credential-report',
      'okta-users',
      'entra-users',
      'google-workspace-users',
      'github-org',
    ],
    frequency: 'daily',
  },
  'IAM-03': {
    description:
      'Administrators authenticate with phishing-resistant factors (FIDO2 or hardware keys). The collectors do not record factor strength.',
    automation: 'manual',
    collectors: [],
    frequency: 'quarterly',
    manualEvidence:
      'IdP authentication-strength policy for admin roles and hardware-MFA registration for the AWS root user',
  },
  'IAM-04': {
    title: 'Password and session policy',
    description:
      'The AWS account password policy meets the baseline (length, reuse, expiry); IdP password and session policies are recorded manually.',
    automation: 'partial',
    collectors: ['aws-iam-password-policy'],
    frequency: 'daily',
    manualEvidence: 'IdP password, lockout and session-lifetime policy export',
  },
  'IAM-05': {
    title: 'Root account protected: MFA on, no access keys',
    description:
      'The AWS root user has MFA enabled and no access keys, and has not been used for routine work.',
    automation: 'automated',
    collectors: ['aws-iam-account-summary', 'aws-iam-credential-report'],
    frequency: 'daily',
  },
  'IAM-06': {
    title: 'Least privilege: no directly attached administrator access; limited GitHub owners',
    description:
      'No IAM user or group holds administrator access directly (admin only through roles/SSO); the GitHub organization keeps base permissions low and few owners.',
    automation: 'automated',
    collectors: ['aws-iam-admin-access', 'github-org'],
    frequency: 'daily',
  },
  'IAM-07': {
    description:
      'Access is granted only on an approved request (joiner/mover). No ticketing collector exists.',
    automation: 'manual',
    collectors: [],
    frequency: 'monthly',
    manualEvidence: 'Approved access requests for a sample of grants (ticketing system export)',
  },
  'IAM-08': {
    title: 'Timely de-provisioning of leavers and inactive accounts',
    description:
      'Accounts in AWS, the IdPs and GitHub are disabled promptly after a person leaves; access-reconciliation matches every account to an active person.',
    automation: 'partial',
    collectors: [
      'access-reconciliation',
      'aws-iam-credential-report',
      'okta-users',
      'entra-users',
      'google-workspace-users',
      'aws-identity-center-users',
      'github-org',
    ],
    frequency: 'daily',
    manualEvidence: 'HR leaver list (HRIS export) that the reconciliation is matched against',
  },
  'IAM-09': {
    description:
      'Access rights are reviewed and recertified periodically; the access reconciliation (judged under IAM-08) supplies the review population.',
    automation: 'manual',
    collectors: [],
    frequency: 'quarterly',
    manualEvidence: 'Signed access-review results with the changes they triggered',
  },
  'IAM-10': {
    title: 'Secret and token hygiene (secret scanning, no embedded or long-lived secrets)',
    description:
      'Repositories have secret scanning (and push protection) enabled; API tokens and application secrets are rotated.',
    automation: 'partial',
    collectors: ['github-repos'],
    frequency: 'daily',
    manualEvidence: 'Secrets-manager rotation settings and IdP API-token inventory',
  },
  'CRY-01': {
    title: 'Encryption at rest (S3, EBS by default, RDS)',
    description:
      'Every S3 bucket has default encryption, EBS encryption by default is on in every region, and every RDS instance has storage encryption.',
    automation: 'automated',
    collectors: ['aws-s3-buckets', 'aws-ec2-ebs-default-encryption', 'aws-rds-instances'],
    frequency: 'daily',
  },
  'CRY-02': {
    description:
      'Data in transit is protected by TLS: S3 bucket policies deny non-TLS requests; load balancer and CDN TLS settings are recorded manually.',
    automation: 'partial',
    collectors: ['aws-s3-buckets'],
    frequency: 'daily',
    manualEvidence: 'Load balancer / CDN TLS policies and certificate inventory with expiry dates',
  },
  'CRY-03': {
    title: 'KMS customer-managed keys rotated and protected',
    description:
      'Every enabled customer-managed symmetric KMS key has automatic rotation on; no key is pending deletion unexpectedly.',
    automation: 'automated',
    collectors: ['aws-kms-keys'],
    frequency: 'daily',
  },
  'DAT-01': {
    title: 'S3 public access blocked; no unintended public repositories',
    description:
      'S3 Block Public Access is on at account and bucket level and no bucket policy or ACL grants public access; public GitHub repositories are intended.',
    automation: 'automated',
    collectors: ['aws-s3-buckets', 'github-repos'],
    frequency: 'daily',
  },
  'DAT-02': {
    description:
      'Retention is defined and enforced (backup lifecycle, log retention) and data is deleted on schedule and on exit.',
    automation: 'partial',
    collectors: ['aws-backup-plans'],
    frequency: 'monthly',
  },
  'DAT-03': {
    description:
      'Sensitive data is discovered and leakage is prevented (Macie, DLP). No collector exists yet.',
    automation: 'manual',
    collectors: [],
    frequency: 'quarterly',
  },
  'LOG-01': {
    title: 'CloudTrail multi-region trail logging management events',
    description: 'At least one multi-region CloudTrail trail is logging management events in every account.',
    automation: 'automated',
    collectors: ['aws-cloudtrail-trails'],
    frequency: 'daily',
  },
  'LOG-02': {
    title: 'Log integrity and retention (CloudTrail log file validation, protected log bucket)',
    description:
      'CloudTrail log file validation is on and trail logs are encrypted and kept in a bucket protected against deletion.',
    automation: 'partial',
    collectors: ['aws-cloudtrail-trails', 'aws-s3-buckets'],
    frequency: 'daily',
    manualEvidence:
      'Log retention standard and time-source statement (Amazon Time Sync Service; NTP settings of self-managed hosts)',
  },
  'LOG-03': {
    description:
      'Service and data-access logs are on: S3 server access logging is collected; flow, load balancer, WAF and DNS logs are recorded manually.',
    automation: 'partial',
    collectors: ['aws-s3-buckets'],
    frequency: 'daily',
    manualEvidence: 'VPC flow log, load balancer, WAF and DNS query logging configuration',
  },
  'MON-01': {
    description:
      'Security-relevant changes and suspicious activity raise alerts (metric filters, alarms, event rules). No alarm collector exists yet.',
    automation: 'manual',
    collectors: [],
    frequency: 'monthly',
    manualEvidence: 'Alarm, metric-filter and event-rule configuration export and on-call routing',
  },
  'MON-02': {
    title: 'GuardDuty threat detection enabled in every region',
    description:
      'A GuardDuty detector is enabled in every region in use, with malware protection features on.',
    automation: 'automated',
    collectors: ['aws-guardduty-detectors'],
    frequency: 'daily',
  },
  'RES-01': {
    description: 'Production databases run Multi-AZ; capacity is planned and monitored.',
    automation: 'partial',
    collectors: ['aws-rds-instances'],
    frequency: 'daily',
  },
  'BCK-01': {
    title: 'Backups configured and retained (AWS Backup plans, RDS retention)',
    description:
      'AWS Backup plans cover the production resources with the required retention, and every RDS instance keeps automated backups for at least the required days.',
    automation: 'automated',
    collectors: ['aws-backup-plans', 'aws-rds-instances'],
    frequency: 'daily',
  },
  'BCK-02': {
    description:
      'Restores and disaster-recovery procedures are tested and the achieved RTO/RPO recorded. No restore-job collector exists yet.',
    automation: 'manual',
    collectors: [],
    frequency: 'annual',
  },
  'VUL-01': {
    description:
      'Hosts, containers and functions are scanned for vulnerabilities and findings fixed within SLA. No Inspector collector exists yet.',
    automation: 'manual',
    collectors: [],
    frequency: 'monthly',
    manualEvidence:
      'Scanner coverage and findings export (Inspector/ECR) with remediation dates against the SLA',
  },
  'VUL-02': {
    description:
      'Software is kept current: Dependabot security updates on repositories, automatic minor-version upgrades on RDS; OS patch compliance recorded manually.',
    automation: 'partial',
    collectors: ['github-repos', 'aws-rds-instances'],
    frequency: 'weekly',
    manualEvidence:
      'OS patch compliance report (for example SSM Patch Manager) and supported-runtime inventory',
  },
  'VUL-03': {
    title: 'Dependency and code scanning enabled on repositories',
    description:
      'Vulnerability alerts (Dependabot), and where available code and secret scanning, are enabled on every active repository. No rule judges the collected data yet, so it is evidenced manually. Open alerts are judged by VUL-04, secret scanning by IAM-10.',
    automation: 'manual',
    collectors: [],
    frequency: 'quarterly',
    manualEvidence:
      'Repository security settings export showing Dependabot alerts and code scanning enabled on every active repository',
  },
  'CFG-01': {
    title: 'Secure configuration baselines evaluated (AWS Config rules, Security Hub standards)',
    description:
      'Resources are evaluated against the baseline through AWS Config rules and Security Hub standards; non-compliant resources are tracked.',
    automation: 'partial',
    // Security Hub control findings and an ingested Prowler scan judge the same baseline (docs/INTEROP.md).
    collectors: [
      'aws-config-compliance',
      'aws-securityhub-status',
      'aws-securityhub-findings',
      'prowler-ocsf-findings',
    ],
    frequency: 'daily',
    manualEvidence: 'Hardening standards the baseline implements',
  },
  'NET-01': {
    description:
      'Ingress is restricted: security groups allow no unrestricted inbound traffic beyond intended public listeners; WAF and DNS filtering. Administrative ports are judged by NET-04.',
    automation: 'manual',
    collectors: [],
    frequency: 'quarterly',
    manualEvidence:
      'Security-group review for unrestricted ingress beyond intended public listeners; WAF/DDoS protection and DNS/web filtering configuration',
  },
  'NET-02': {
    description:
      'Networks are segmented: databases sit in private subnets and security groups separate tiers.',
    automation: 'partial',
    collectors: ['aws-ec2-security-groups', 'aws-rds-instances'],
    frequency: 'daily',
  },
  'NET-03': {
    description:
      'Administration goes through secured channels (Session Manager, VPN); approved secured voice, video, text and emergency communication tools are in use.',
    automation: 'manual',
    collectors: [],
    frequency: 'annual',
  },
  'CHG-01': {
    title: 'Branch protection on default branches',
    description:
      'Every active repository protects its default branch: pull request with required approvals, required status checks, no force pushes or deletion, rules apply to admins.',
    automation: 'automated',
    collectors: ['github-repos'],
    frequency: 'daily',
  },
  'CHG-02': {
    description:
      'Source-code access is restricted: low base permission, reviewed outside collaborators, limited repository creation and visibility changes. No rule judges the collected data yet, so it is evidenced manually.',
    automation: 'manual',
    collectors: [],
    frequency: 'quarterly',
    manualEvidence:
      'GitHub organization settings export (base permission, repository creation and visibility rights) and outside-collaborator review',
  },
  'CHG-03': {
    description:
      'Build pipelines are protected: least-privilege workflow tokens, signed commits or tags where required, no secrets in build configuration.',
    automation: 'manual',
    collectors: [],
    frequency: 'quarterly',
    manualEvidence: 'CI/CD pipeline configuration (workflow token permissions) and artifact-signing settings',
  },
  'CHG-04': {
    description:
      'Development, test and production run in separate accounts/environments; test data is masked. No account-structure collector exists yet.',
    automation: 'manual',
    collectors: [],
    frequency: 'annual',
    manualEvidence: 'Account/OU structure per environment and the test-data masking procedure',
  },
};

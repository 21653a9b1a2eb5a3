import { InvalidSourceDataError } from '../../errors.js';
import { parseCsv } from './csv.js';
import type { CredentialEntry } from './schema.js';

/** The columns of the IAM credential report, in AWS's order. */
export const REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;
type Column = (typeof REPORT_COLUMNS)[number];

const ROOT_USER = '<root_account>';
const NO_DATE = new Set(['N/A', 'no_information', 'not_supported']);
const ISO_PREFIX = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * Parses the credential report CSV into one entry per row. Every column must be present by name and every
 * row must have as many fields as the header; any unreadable value fails the whole report with an
 * {@link InvalidSourceDataError} listing the problems, so a truncated or altered report is never half-read.
 */
export function parseCredentialReport(csv: string): {
  root: CredentialEntry | null;
  users: CredentialEntry[];
} {
  const parsed = parseCsv(csv);
  if (!parsed.ok) throw new InvalidSourceDataError('IAM credential report', parsed.problems);
  const [header, ...rows] = parsed.rows;
  const problems: string[] = [];
  if (!header) throw new InvalidSourceDataError('IAM credential report', ['the report is empty']);
  const index = new Map(header.map((name, i) => [name.trim(), i]));
  const missing = REPORT_COLUMNS.filter((c) => !index.has(c));
  if (missing.length)
    throw new InvalidSourceDataError('IAM credential report', [`missing columns: ${missing.join(', ')}`]);

  let root: CredentialEntry | null = null;
  const users: CredentialEntry[] = [];
  rows.forEach((fields, r) => {
    const line = r + 2;
    if (fields.length !== header.length) {
      problems.push(`line ${line}: ${fields.length} fields, the header has ${header.length}`);
      return;
    }
    const get = (c: Column) => fields[index.get(c)!]!.trim();
    const bool = (c: Column, allowUnsupported = false): boolean | null => {
      const v = get(c);
      if (v === 'true') return true;
      if (v === 'false') return false;
      if (allowUnsupported && v === 'not_supported') return null;
      problems.push(`line ${line}: ${c} is "${v.slice(0, 40)}", expected true or false`);
      return false;
    };
    const date = (c: Column, required = false): string | null => {
      const v = get(c);
      if (!required && NO_DATE.has(v)) return null;
      const t = ISO_PREFIX.test(v) ? Date.parse(v) : NaN;
      if (Number.isNaN(t)) {
        problems.push(
          `line ${line}: ${c} is "${v.slice(0, 40)}", expected a date${required ? '' : ' or N/A'}`,
        );
        return null;
      }
      return new Date(t).toISOString();
    };
    const entry: CredentialEntry = {
      user: get('user'),
      arn: get('arn'),
      createdAt: date('user_creation_time', true) ?? '',
      passwordEnabled: bool('password_enabled', true),
      passwordLastUsed: date('password_last_used'),
      passwordLastChanged: date('password_last_changed'),
      passwordNextRotation: date('password_next_rotation'),
      mfaActive: bool('mfa_active') ?? false,
      accessKey1: {
        active: bool('access_key_1_active') ?? false,
        lastRotated: date('access_key_1_last_rotated'),
        lastUsed: date('access_key_1_last_used_date'),
      },
      accessKey2: {
        active: bool('access_key_2_active') ?? false,
        lastRotated: date('access_key_2_last_rotated'),
        lastUsed: date('access_key_2_last_used_date'),
      },
      cert1Active: bool('cert_1_active') ?? false,
      cert2Active: bool('cert_2_active') ?? false,
    };
    if (!entry.user) problems.push(`line ${line}: user is empty`);
    if (!entry.arn.startsWith('arn:')) problems.push(`line ${line}: arn is "${entry.arn.slice(0, 60)}"`);
    if (entry.user === ROOT_USER) {
      if (root) problems.push(`line ${line}: a second ${ROOT_USER} row`);
      root = entry;
    } else users.push(entry);
  });
  if (problems.length) throw new InvalidSourceDataError('IAM credential report', problems);
  return { root, users };
}

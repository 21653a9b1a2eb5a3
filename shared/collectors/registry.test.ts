import { describe, expect, it } from '@jest/globals';
import { readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectors } from './registry.js';

const here = dirname(fileURLToPath(import.meta.url));
const folders = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(here, d.name, 'meta.ts')))
  .map((d) => d.name)
  .sort();

// Read-only verbs, plus the two IAM calls that only produce a report about the account.
const READ_ONLY = /^[a-z0-9-]+:(Get|List|Describe|Search|BatchGet|Lookup)[A-Za-z0-9]*$/;
const ALLOWED_EXTRA = new Set(['iam:GenerateCredentialReport', 'iam:GenerateServiceLastAccessedDetails']);

describe('collector registry', () => {
  it('registers every collector folder exactly once, under its folder name', () => {
    const ids = collectors.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(folders);
  });

  it.each(collectors.map((c) => [c.meta.id, c] as const))(
    '%s has a schema, a schedule, a TTL and permissions',
    (_id, c) => {
      expect(typeof c.schema.safeParse).toBe('function');
      expect(c.meta.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(c.meta.schedule).toMatch(/^(rate|cron)\(.+\)$/);
      expect(c.meta.ttlHours).toBeGreaterThan(0);
      expect(c.meta.permissions.length).toBeGreaterThan(0);
    },
  );

  it('asks AWS for read-only actions only', () => {
    const writes = collectors
      .filter((c) => c.meta.source === 'aws')
      .flatMap((c) =>
        c.meta.permissions
          .filter((p) => !READ_ONLY.test(p) && !ALLOWED_EXTRA.has(p))
          .map((p) => `${c.meta.id}: ${p}`),
      );
    expect(writes).toEqual([]);
  });
});

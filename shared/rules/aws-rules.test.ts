import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadControls } from '../../frameworks/index.js';
import { awsRules } from './aws-rules.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const controls = new Map(loadControls().map((c) => [c.id, c]));

describe('awsRules', () => {
  it('holds unique ids, each with its own file and test beside it', () => {
    const ids = awsRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(existsSync(here(`./${id}.ts`))).toBe(true);
      expect(existsSync(here(`./${id}.test.ts`))).toBe(true);
    }
  });

  it('reads only AWS collectors that exist', () => {
    for (const r of awsRules) {
      expect(r.collector).toMatch(/^aws-/);
      expect(existsSync(here(`../collectors/${r.collector}/schema.ts`))).toBe(true);
    }
  });

  it('serves only automated or partial controls that list the rule collector', () => {
    const wrong = awsRules.flatMap((r) =>
      r.controls
        .filter((id) => {
          const c = controls.get(id);
          return (
            !c || c.automation === 'manual' || !(c.collectors as readonly string[]).includes(r.collector)
          );
        })
        .map((id) => `${r.id} -> ${id}`),
    );
    expect(wrong).toEqual([]);
  });

  it('covers every automated control that reads an AWS collector but IAM-01', () => {
    // IAM-01 (workforce identities through SSO) is judged from Identity Center and IdP evidence.
    const served = new Set(awsRules.flatMap((r) => r.controls));
    const uncovered = [...controls.values()]
      .filter((c) => c.automation === 'automated' && c.collectors.some((id) => id.startsWith('aws-')))
      .map((c) => c.id)
      .filter((id) => !served.has(id) && id !== 'IAM-01');
    expect(uncovered).toEqual([]);
  });
});

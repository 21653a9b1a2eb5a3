import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadControls } from '../../frameworks/index.js';
import { githubRules } from './github-rules.js';
import { identityRules } from './identity-rules.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const controls = new Map(loadControls().map((c) => [c.id, c]));
const all = [...githubRules, ...identityRules];

describe('githubRules and identityRules', () => {
  it('hold unique ids, each with its own file and test beside it, reading collectors that exist', () => {
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    for (const r of all) {
      expect(existsSync(here(`./${r.id}.ts`))).toBe(true);
      expect(existsSync(here(`./${r.id}.test.ts`))).toBe(true);
      expect(existsSync(here(`../collectors/${r.collector}/schema.ts`))).toBe(true);
    }
  });

  it('serve only non-manual controls that list the rule collector', () => {
    const wrong = all.flatMap((r) =>
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

  it('never judge Identity Center MFA: no rule reads the user listing for IAM-02', () => {
    expect(all.filter((r) => r.collector === 'aws-identity-center-users')).toEqual([]);
  });
});

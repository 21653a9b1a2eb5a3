import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadControls } from '../../frameworks/index.js';
import { ValidationError } from '../errors.js';
import { rules } from './registry.js';
import { defineRule, outcome, ruleContext, type Rule } from './types.js';

const base = {
  id: 'iam-user-mfa-enabled',
  version: '1.0.0',
  collector: 'aws-iam-credential-report',
  controls: ['IAM-02'],
  title: 't',
};
const evaluate = () => outcome.pass('ok');

describe('defineRule', () => {
  it('returns a well-formed rule unchanged', () => {
    const r = { ...base, evaluate };
    expect(defineRule(r)).toBe(r);
  });

  it('rejects a bad id, version and control id, listing every problem', () => {
    let err: unknown;
    try {
      defineRule({ ...base, id: 'MfaRule', version: 'v1', controls: ['iam1'], evaluate });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toHaveLength(3);
  });

  it('keeps a typed rule assignable to the untyped registry', () => {
    const typed: Rule<{ n: number }> = defineRule<{ n: number }>({
      ...base,
      evaluate: (d) => outcome.of(d.n > 0 ? [] : [{ resource: 'x' }], 'p', 'f'),
    });
    const erased: Rule = typed;
    expect(erased.evaluate({ n: 0 }, ruleContext(new Date())).status).toBe('FAIL');
  });
});

describe('rule registry', () => {
  it('holds unique ids, each equal to its file name, and every rule file', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    const notRules = (f: string) =>
      ['types.ts', 'registry.ts'].includes(f) || f.endsWith('-rules.ts') || f.endsWith('.test.ts');
    const files = readdirSync(dir).filter((f) => /^[a-z0-9-]+\.ts$/.test(f) && !notRules(f));
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(files.map((f) => f.replace(/\.ts$/, '')).sort());
  });

  it('has a test beside every rule, and every rule reads a collector that exists', () => {
    const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
    for (const r of rules) {
      expect(existsSync(here(`./${r.id}.test.ts`))).toBe(true);
      expect(existsSync(here(`../collectors/${r.collector}/schema.ts`))).toBe(true);
    }
  });

  it('serves only non-manual controls that list the rule collector', () => {
    const controls = new Map(loadControls().map((c) => [c.id, c]));
    const wrong = rules.flatMap((r) =>
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
});

import { describe, expect, it } from '@jest/globals';
import { canonicalBytes } from '../evidence/canonical.js';
import { isCanonicalJson } from './canonical-check.js';

const long = (s: string) => s.repeat(Math.ceil(80 / s.length));
const canonical = (v: unknown) => canonicalBytes(v);
const fullAnswer = (b: Buffer) => {
  try {
    return canonicalBytes(JSON.parse(b.toString('utf8'))).equals(b);
  } catch {
    return false;
  }
};

describe('isCanonicalJson', () => {
  it('accepts canonical documents with long string values, escapes and nested objects', () => {
    for (const v of [
      { a: long('QUJD'), b: [1, 2.5, -0, 1e21], c: { d: long('x"y\\z\n\t\u0001') } },
      { '10': long('é€😀'), '9': 'short', z: null },
      [long('a'), { k: long('b') }, true],
      { a: `x"${long('y')}`, b: `${long('\\')}"` },
    ])
      expect(isCanonicalJson(canonical(v))).toBe(true);
  });

  it.each([
    ['whitespace', `{"a": "${long('x')}"}`],
    ['unsorted keys', `{"b":"${long('x')}","a":1}`],
    ['a solidus escape', `{"a":"${long('x')}\\/"}`],
    ['an upper-case unicode escape', `{"a":"${long('x')}\\u001F"}`],
    ['an escaped letter', `{"a":"${long('x')}\\u0041"}`],
    ['\\u0008 instead of \\b', `{"a":"${long('x')}\\u0008"}`],
    ['a long key out of order', `{"${long('b')}":1,"${long('a')}":2}`],
    ['a number not in shortest form', `{"a":"${long('x')}","b":1.0}`],
    ['a duplicate key', `{"a":"${long('x')}","a":"${long('y')}"}`],
    ['trailing bytes', `{"a":"${long('x')}"}\n`],
    ['a solidus escape before an escaped quote', `{"a":"\\/x\\"${long('y')}"}`],
    ['a solidus escape after an escaped quote', `{"a":"x\\"${long('y')}\\/"}`],
  ])('refuses %s, as the full check does', (_what, text) => {
    const b = Buffer.from(text, 'utf8');
    expect(isCanonicalJson(b)).toBe(false);
    expect(fullAnswer(b)).toBe(false);
  });

  it('refuses invalid UTF-8 inside a long string', () => {
    const b = Buffer.concat([Buffer.from(`{"a":"${long('x')}`), Buffer.from([0xff]), Buffer.from('"}')]);
    expect(isCanonicalJson(b)).toBe(false);
  });

  it('agrees with the full check on random documents', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const chars = ['a', 'Z', '"', '\\', '\n', '\u0001', 'é', '😀', '/', ' '];
    const str = () =>
      Array.from({ length: rnd(3) ? rnd(10) : 70 + rnd(20) }, () => chars[rnd(chars.length)]).join('');
    const value = (d: number): unknown =>
      d > 2 || rnd(3) === 0
        ? [str(), rnd(1000) / 8, null, true][rnd(4)]
        : rnd(2)
          ? Array.from({ length: rnd(4) }, () => value(d + 1))
          : Object.fromEntries(Array.from({ length: rnd(4) }, () => [str(), value(d + 1)]));
    for (let i = 0; i < 300; i++) {
      const b = canonical(value(0));
      expect(isCanonicalJson(b)).toBe(true);
      const spaced = Buffer.from(JSON.stringify(JSON.parse(b.toString()), null, 1));
      expect(isCanonicalJson(spaced)).toBe(fullAnswer(spaced));
    }
  });
});

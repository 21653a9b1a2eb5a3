import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../errors.js';
import { canonicalBytes } from '../evidence/canonical.js';
import {
  ManifestFileSchema,
  isManifestBytes,
  isSha256Sums,
  manifestBytes,
  manifestStatement,
  parseManifest,
  sha256Sums,
  sortFiles,
  zipPathProblem,
  type Manifest,
} from './manifest.js';

// What an auditor relies on in manifest.json: a field that is wrong, missing or extra is refused with the field named,
// the file list is safe, sorted and unique, and the statement, checksums and canonical bytes match it exactly.
const checkpoint = {
  checkpoint: {
    origin: 'flux-evidence/test-log',
    treeSize: 3,
    rootHash: 'a'.repeat(64),
    timestamp: '2027-01-01T00:00:00Z',
  },
  signature: 'c2ln',
  keyId: 'k',
};
const good = {
  schema: 'flux.snapshot/v1', // the format's published tag, written out
  framework: 'soc2-2017',
  window: { start: '2026-01-01', end: '2026-12-31' },
  controls: ['IAM-01'],
  createdAt: '2027-01-02T00:00:00.000Z',
  toolVersion: '0.1.0',
  checkpoint,
  files: [
    { path: 'evidence/a/x.json', sha256: 'b'.repeat(64), size: 10 },
    { path: 'index.html', sha256: 'c'.repeat(64), size: 0 },
  ],
};

/** The issues parseManifest reports for `raw` (fails the test when it is accepted). */
function issuesOf(raw: unknown): string[] {
  try {
    parseManifest(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toMatch(/^snapshot manifest is invalid/);
    return (err as ValidationError).issues;
  }
  throw new Error('accepted');
}
const withFiles = (files: unknown[]) => ({ ...good, files });
const entry = (path: string, extra: object = {}) => ({ path, sha256: 'b'.repeat(64), size: 1, ...extra });

describe('parseManifest', () => {
  it('accepts a valid manifest, keeping its fields and file entries as given', () => {
    const m = parseManifest(good);
    expect(m).toEqual(good);
    expect(m.files[0]).toBe(good.files[0]);
    expect(parseManifest({ ...good, startCheckpoint: checkpoint, files: [] }).startCheckpoint).toEqual(
      checkpoint,
    );
    expect(
      parseManifest({ ...good, window: { ...good.window, timeZone: 'Europe/Berlin' } }).window.timeZone,
    ).toBe('Europe/Berlin');
  });

  it.each([
    ['schema', { schema: 'flux.snapshot/v2' }],
    ['framework', { framework: '' }],
    ['window.start', { window: { start: '2026-1-01', end: '2026-12-31' } }],
    ['window.start', { window: { start: 'x2026-01-01', end: '2026-12-31' } }],
    ['window.end', { window: { start: '2026-01-01', end: '2026-12-311' } }],
    ['window.end', { window: { start: '2026-01-01', end: 'x2026-12-31' } }],
    ['window.start', { window: { start: '2026-01-011', end: '2026-12-31' } }],
    ['window.end', { window: { start: '2026-01-01', end: '2026-12-3a' } }],
    ['window', { window: { start: '2026-01-01', end: '2026-12-31', tz: 'UTC' } }],
    ['controls.0', { controls: [''] }],
    ['createdAt', { createdAt: '2027-01-02' }],
    ['toolVersion', { toolVersion: '' }],
    [
      'checkpoint.checkpoint.origin',
      { checkpoint: { ...checkpoint, checkpoint: { ...checkpoint.checkpoint, origin: '' } } },
    ],
    [
      'checkpoint.checkpoint.treeSize',
      { checkpoint: { ...checkpoint, checkpoint: { ...checkpoint.checkpoint, treeSize: -1 } } },
    ],
    [
      'checkpoint.checkpoint.treeSize',
      { checkpoint: { ...checkpoint, checkpoint: { ...checkpoint.checkpoint, treeSize: 1.5 } } },
    ],
    [
      'checkpoint.checkpoint.rootHash',
      { checkpoint: { ...checkpoint, checkpoint: { ...checkpoint.checkpoint, rootHash: 'A'.repeat(64) } } },
    ],
    [
      'checkpoint.checkpoint.timestamp',
      { checkpoint: { ...checkpoint, checkpoint: { ...checkpoint.checkpoint, timestamp: 'soon' } } },
    ],
    [
      'checkpoint.checkpoint',
      { checkpoint: { ...checkpoint, checkpoint: { ...checkpoint.checkpoint, extra: 1 } } },
    ],
    ['checkpoint.signature', { checkpoint: { ...checkpoint, signature: '' } }],
    ['checkpoint.keyId', { checkpoint: { ...checkpoint, keyId: '' } }],
    ['checkpoint', { checkpoint: { ...checkpoint, note: 'x' } }],
    ['startCheckpoint.keyId', { startCheckpoint: { ...checkpoint, keyId: '' } }],
    ['(root)', { signedBy: 'someone' }],
    ['files', { files: 'all of them' }],
  ])('refuses a bad %s', (field, change) => {
    const issues = issuesOf({ ...good, ...change });
    expect(issues.some((i) => i.startsWith(`${field}: `))).toBe(true);
  });

  it('says what a hash field must be', () => {
    const rootHash = 'A'.repeat(64);
    expect(
      issuesOf({
        ...good,
        checkpoint: { ...checkpoint, checkpoint: { ...checkpoint.checkpoint, rootHash } },
      }),
    ).toEqual(['checkpoint.checkpoint.rootHash: a lower-case hex SHA-256']);
  });

  it('refuses a hash with anything before or after it, in a checkpoint or a file entry schema', () => {
    for (const rootHash of [`x${'a'.repeat(64)}`, `${'a'.repeat(64)}x`])
      expect(
        issuesOf({
          ...good,
          checkpoint: { ...checkpoint, checkpoint: { ...checkpoint.checkpoint, rootHash } },
        }),
      ).toEqual(['checkpoint.checkpoint.rootHash: a lower-case hex SHA-256']);
    expect(ManifestFileSchema.safeParse(entry('a/b.json')).success).toBe(true);
    expect(ManifestFileSchema.safeParse(entry('')).success).toBe(false);
    expect(ManifestFileSchema.safeParse(entry('a', { sha256: `x${'b'.repeat(64)}` })).success).toBe(false);
  });

  it('refuses a manifest with a field missing, naming it', () => {
    for (const k of Object.keys(good)) {
      const { [k]: _gone, ...rest } = good as Record<string, unknown>;
      expect(issuesOf(rest).some((i) => i.startsWith(`${k}: `))).toBe(true);
    }
  });

  it('names each bad file entry and what is wrong with it', () => {
    expect(issuesOf(withFiles([null, [], 'x', entry('a')]))).toEqual([
      'files.0: not an object',
      'files.1: not an object',
      'files.2: not an object',
    ]);
    expect(issuesOf(withFiles([entry('a', { mode: 1 })]))).toEqual([
      'files.0: expected exactly path, sha256 and size',
    ]);
    expect(issuesOf(withFiles([{ path: 'a', sha256: 'b'.repeat(64), extra: 1 }]))).toEqual([
      'files.0: expected exactly path, sha256 and size',
      'files.0.size: a whole number of bytes',
    ]);
    for (const gone of ['path', 'sha256', 'size'] as const) {
      const { [gone]: _g, ...rest } = entry('a');
      expect(issuesOf(withFiles([{ ...rest, other: 1 }]))[0]).toBe(
        'files.0: expected exactly path, sha256 and size',
      );
    }
    expect(issuesOf(withFiles([entry('a'), { ...entry('b'), path: 7 }]))).toEqual([
      'files.1.path: not a string',
    ]);
    expect(issuesOf(withFiles([entry('a/../b')]))).toEqual([
      `files.0.path: path "a/../b" contains a '..' or '.' segment`,
    ]);
    expect(issuesOf(withFiles([entry('a', { sha256: 'B'.repeat(64) })]))).toEqual([
      'files.0.sha256: a lower-case hex SHA-256',
    ]);
    expect(issuesOf(withFiles([entry('a', { sha256: 7 })]))).toEqual([
      'files.0.sha256: a lower-case hex SHA-256',
    ]);
    for (const sha of [
      ['b'.repeat(64)],
      'b'.repeat(63),
      'b'.repeat(65),
      `${'b'.repeat(64)}\n`,
      `x${'b'.repeat(64)}`,
    ])
      expect(issuesOf(withFiles([entry('a', { sha256: sha })]))).toEqual([
        'files.0.sha256: a lower-case hex SHA-256',
      ]);
    for (const size of [-1, 1.5, '1', 2 ** 53, null])
      expect(issuesOf(withFiles([entry('a', { size })]))).toEqual(['files.0.size: a whole number of bytes']);
    expect(
      parseManifest(withFiles([entry('a', { size: 0 }), entry('b', { size: 2 ** 53 - 1 })])).files,
    ).toHaveLength(2);
  });

  it('refuses unsorted or repeated paths and the files that are never listed', () => {
    expect(issuesOf(withFiles([entry('b'), entry('a')]))).toEqual([
      'files.1.path: files are not sorted by path or repeat a path',
    ]);
    expect(issuesOf(withFiles([entry('a'), entry('a')]))).toEqual([
      'files.1.path: files are not sorted by path or repeat a path',
    ]);
    // code-unit order: upper case before lower case, '-' before '/'
    expect(parseManifest(withFiles([entry('B'), entry('a'), entry('a-b'), entry('a/b')])).files).toHaveLength(
      4,
    );
    // the order is checked against the previous string path, past entries that are not objects
    expect(issuesOf(withFiles([entry('b'), null, entry('a')]))).toEqual([
      'files.1: not an object',
      'files.2.path: files are not sorted by path or repeat a path',
    ]);
    for (const p of ['manifest.json', 'manifest.statement.json', 'manifest.sig', 'SHA256SUMS'])
      expect(issuesOf(withFiles([entry(p)]))).toEqual([
        `files.0.path: this file is never listed in the manifest`,
      ]);
  });

  it('lists at most 20 file problems', () => {
    const issues = issuesOf(withFiles(Array.from({ length: 30 }, () => null)));
    expect(issues).toHaveLength(20);
    expect(issues[19]).toBe('files.19: not an object');
    expect(
      issuesOf(withFiles([...Array.from({ length: 19 }, () => null), entry('a', { size: -1, sha256: 'x' })])),
    ).toEqual([
      ...Array.from({ length: 19 }, (_, i) => `files.${i}: not an object`),
      'files.19.sha256: a lower-case hex SHA-256',
      'files.19.size: a whole number of bytes',
    ]);
  });
});

describe('zipPathProblem', () => {
  it('accepts ordinary snapshot paths', () => {
    for (const p of [
      'a',
      'evidence/aws-s3/2026/01/01/2026-01-01T00:00:00.000Z_ab.json',
      'x/a+b=c,d@e',
      'a'.repeat(512),
    ])
      expect(zipPathProblem(p)).toBeUndefined();
  });

  it('names why a path is unsafe', () => {
    expect(zipPathProblem('')).toBe('path is empty');
    expect(zipPathProblem('a'.repeat(513))).toBe('path is longer than 512 characters');
    expect(zipPathProblem('a\\b')).toBe('path "a\\\\b" contains a backslash');
    expect(zipPathProblem('/etc/passwd')).toBe('path "/etc/passwd" is absolute');
    expect(zipPathProblem('C:x')).toBe('path "C:x" is absolute');
    expect(zipPathProblem('z:/x')).toBe('path "z:/x" is absolute');
    expect(zipPathProblem('a/C:x')).toBeUndefined(); // ':' is fine past the start
    expect(zipPathProblem('..')).toBe(`path ".." contains a '..' or '.' segment`);
    expect(zipPathProblem('a/./b')).toBe(`path "a/./b" contains a '..' or '.' segment`);
    expect(zipPathProblem('a/..')).toBe(`path "a/.." contains a '..' or '.' segment`);
    expect(zipPathProblem('a..b')).toBe(`path "a..b" contains '..'`);
    for (const p of ['a//b', 'a/', 'a b', 'a"b', 'a\nb', 'é', 'a*'])
      expect(zipPathProblem(p)).toBe(
        `path ${JSON.stringify(p)} has an empty segment or a character outside [A-Za-z0-9._:@+=,-/]`,
      );
  });
});

describe('the bytes derived from a manifest', () => {
  const m = parseManifest(good);
  it('manifestStatement is the fixed template naming a lower-case hex SHA-256, and nothing else', () => {
    expect(manifestStatement('0'.repeat(64)).toString()).toBe(
      `{"manifestSha256":"${'0'.repeat(64)}","statement":"flux.manifest-statement/v1"}`,
    );
    for (const bad of [
      'A'.repeat(64),
      '0'.repeat(63),
      '0'.repeat(65),
      ` ${'0'.repeat(64)}`,
      `${'0'.repeat(64)} `,
    ])
      expect(() => manifestStatement(bad)).toThrow(
        'manifest statement is invalid:\n  - manifestSha256: expected 64 lower-case hex digits',
      );
  });

  it('isManifestBytes holds for the canonical bytes only', () => {
    const bytes = manifestBytes(m);
    expect(bytes.equals(canonicalBytes(m))).toBe(true);
    expect(isManifestBytes(m, bytes)).toBe(true);
    expect(isManifestBytes(m, Buffer.concat([bytes, Buffer.from(' ')]))).toBe(false);
    expect(isManifestBytes(m, bytes.subarray(0, bytes.length - 1))).toBe(false);
    expect(isManifestBytes(m, Buffer.alloc(0))).toBe(false);
    const flipped = Buffer.from(bytes);
    flipped[bytes.indexOf('index.html')] = 'I'.charCodeAt(0);
    expect(isManifestBytes(m, flipped)).toBe(false);
    expect(isManifestBytes(m, Buffer.from(JSON.stringify(m, null, 1)))).toBe(false);
  });

  it('writes a list longer than one batch as canonical JSON, and refuses a size that is not a safe integer', () => {
    const whole = {
      ...m,
      files: Array.from({ length: 4096 }, (_, i) => entry(`f/${String(i).padStart(5, '0')}`)),
    };
    expect(manifestBytes(whole).equals(canonicalBytes(whole))).toBe(true);
    const files = Array.from({ length: 4097 * 2 }, (_, i) => entry(`f/${String(i).padStart(5, '0')}`));
    const big = { ...m, files };
    const bytes = manifestBytes(big);
    expect(bytes.equals(canonicalBytes(big))).toBe(true);
    expect(isManifestBytes(big, bytes)).toBe(true);
    expect(() => manifestBytes({ ...m, files: [entry('a', { size: 1.5 })] })).toThrow(
      'snapshot manifest is invalid:\n  - a: bad size',
    );
  });

  it('SHA256SUMS has one sha256sum line per listed file, and isSha256Sums holds for exactly those bytes', () => {
    const sums = sha256Sums(m);
    expect(sums.toString()).toBe(`${'b'.repeat(64)}  evidence/a/x.json\n${'c'.repeat(64)}  index.html\n`);
    expect(isSha256Sums(m, sums)).toBe(true);
    expect(isSha256Sums(m, Buffer.concat([sums, Buffer.from('\n')]))).toBe(false);
    expect(isSha256Sums(m, sums.subarray(0, sums.length - 1))).toBe(false);
    expect(isSha256Sums(m, Buffer.from(sums.toString().replace('  index', ' *index')))).toBe(false);
    expect(isSha256Sums({ ...m, files: [] } as Manifest, Buffer.alloc(0))).toBe(true);
    expect(isSha256Sums({ ...m, files: [] } as Manifest, Buffer.from('x'))).toBe(false);
  });

  it('sortFiles orders by path in code-unit order without changing its input', () => {
    const input = [entry('b'), entry('a/b'), entry('B'), entry('a-b'), entry('a')];
    expect(sortFiles(input).map((f) => f.path)).toEqual(['B', 'a', 'a-b', 'a/b', 'b']);
    expect(input.map((f) => f.path)).toEqual(['b', 'a/b', 'B', 'a-b', 'a']);
    expect(sortFiles([entry('x'), entry('x', { size: 2 })]).map((f) => f.size)).toEqual([1, 2]);
  });
});

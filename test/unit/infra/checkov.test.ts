import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { pinnedCheckovVersion } from '../../../infra/scripts/checkov-tool.js';
import { CHECKOV_CONFIG, summarizeCheckov, templatesIn } from '../../../infra/scripts/checkov.js';

const check = (id: string, resource: string, comment?: string) => ({
  check_id: id,
  check_name: `name of ${id}`,
  resource,
  file_path: '/../../tmp/out/Stack.template.json',
  check_result: comment ? { result: 'SKIPPED', suppress_comment: comment } : { result: 'FAILED' },
});

describe('summarizeCheckov', () => {
  it('returns the failed and suppressed checks of one report with their resources and reasons', () => {
    const report = {
      check_type: 'cloudformation',
      results: {
        passed_checks: [],
        failed_checks: [check('CKV_AWS_158', 'AWS::Logs::LogGroup.Logs')],
        skipped_checks: [check('CKV_AWS_18', 'AWS::S3::Bucket.AccessLogs', 'the access-log bucket itself')],
        parsing_errors: [],
      },
      summary: { passed: 12, failed: 1, skipped: 1, parsing_errors: 0, checkov_version: '3.3.30' },
    };
    const s = summarizeCheckov(JSON.stringify(report));
    expect(s.passed).toBe(12);
    expect(s.version).toBe('3.3.30');
    expect(s.failed).toEqual([
      {
        id: 'CKV_AWS_158',
        name: 'name of CKV_AWS_158',
        resource: 'AWS::Logs::LogGroup.Logs',
        file: '/tmp/out/Stack.template.json',
      },
    ]);
    expect(s.skipped.map((f) => [f.id, f.comment])).toEqual([['CKV_AWS_18', 'the access-log bucket itself']]);
  });

  it('adds up one report per framework and keeps parsing errors', () => {
    const one = (passed: number, failed: ReturnType<typeof check>[], errors: string[] = []) => ({
      results: { failed_checks: failed, skipped_checks: [], parsing_errors: errors },
      summary: { passed, checkov_version: '3.3.30' },
    });
    const s = summarizeCheckov(
      JSON.stringify([one(3, [check('CKV_AWS_1', 'a')]), one(4, [], ['/bad.template.json'])]),
    );
    expect(s.passed).toBe(7);
    expect(s.failed.map((f) => f.id)).toEqual(['CKV_AWS_1']);
    expect(s.parsingErrors).toEqual(['/bad.template.json']);
  });
});

describe('templatesIn', () => {
  it('finds the stack templates of a cloud assembly and its nested stage assemblies only', () => {
    const out = mkdtempSync(join(tmpdir(), 'flux-cdkout-'));
    mkdirSync(join(out, 'assembly-Prod'));
    mkdirSync(join(out, 'asset.abc'));
    for (const f of ['B.template.json', 'A.template.json', 'manifest.json', 'A.assets.json'])
      writeFileSync(join(out, f), '{}');
    writeFileSync(join(out, 'assembly-Prod', 'C.template.json'), '{}');
    writeFileSync(join(out, 'asset.abc', 'D.template.json'), '{}');
    expect(templatesIn(out)).toEqual([
      join(out, 'A.template.json'),
      join(out, 'B.template.json'),
      join(out, 'assembly-Prod', 'C.template.json'),
    ]);
  });
});

describe('checkov configuration', () => {
  const text = readFileSync(CHECKOV_CONFIG, 'utf8');

  it('runs the CloudFormation framework and pins an exact checkov version', () => {
    expect(text).toMatch(/^framework:\n {2}- cloudformation$/m);
    expect(pinnedCheckovVersion(process.cwd())).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('gives every skipped check its own reason', () => {
    const lines = text.split('\n');
    const start = lines.indexOf('skip-check:');
    expect(start).toBeGreaterThan(0);
    const skips: { id: string; reason: string }[] = [];
    let comment: string[] = [];
    for (const line of lines.slice(start + 1)) {
      if (!line.startsWith(' ')) break;
      const c = /^\s+#\s?(.*)$/.exec(line);
      const item = /^\s+-\s+(\S+)\s*$/.exec(line);
      if (c) comment.push(c[1]!);
      else if (item) {
        skips.push({ id: item[1]!, reason: comment.join(' ') });
        comment = [];
      }
    }
    expect(skips.length).toBeGreaterThan(0);
    for (const s of skips) {
      expect(s.id).toMatch(/^CKV_AWS_\d+$/);
      // The comment right above the entry names the check and says why it does not apply.
      expect(s.reason.startsWith(`${s.id} (`)).toBe(true);
      expect(s.reason.length).toBeGreaterThan(120);
    }
  });
});

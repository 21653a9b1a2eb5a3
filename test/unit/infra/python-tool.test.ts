import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { pinnedVersion, type PinnedTool } from '../../../infra/scripts/python-tool.js';
import { pinnedCfnLintVersion } from '../../../infra/scripts/cfn-lint.js';

const tool: PinnedTool = { name: 'cfn-lint', requirements: 'req.txt', venv: '.v', installTimeoutMs: 1 };
const rootWith = (text: string) => {
  const root = mkdtempSync(join(tmpdir(), 'flux-pin-'));
  writeFileSync(join(root, 'req.txt'), text);
  return root;
};

describe('pinnedVersion', () => {
  it('reads the exact pin of the named tool only', () => {
    expect(pinnedVersion(rootWith('# tools\ncfn-lint-extra==9.9.9\ncfn-lint==1.51.0\n'), tool)).toBe(
      '1.51.0',
    );
  });

  it('names the file and the missing line when the tool is not pinned exactly', () => {
    expect(() => pinnedVersion(rootWith('cfn-lint>=1.0\n'), tool)).toThrow(
      /req\.txt: has no pinned cfn-lint==<version> line/,
    );
  });

  it('finds the repository pins', () => {
    expect(pinnedCfnLintVersion(process.cwd())).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

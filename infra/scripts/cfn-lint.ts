// The pinned cfn-lint (requirements-dev.txt) for the infra tests: on PATH at the pin, else in the git-ignored
// .moto-venv (installed there when missing).
import { pinnedVersion, resolvePinnedTool, type PinnedTool } from './python-tool.js';

const CFN_LINT: PinnedTool = {
  name: 'cfn-lint',
  requirements: 'requirements-dev.txt',
  venv: '.moto-venv',
  installTimeoutMs: 600_000,
};

/** The cfn-lint version pinned in requirements-dev.txt. */
export const pinnedCfnLintVersion = (root: string): string => pinnedVersion(root, CFN_LINT);

/** The path of a cfn-lint executable at the pin (see {@link resolvePinnedTool}). */
export const resolveCfnLint = (root: string, log?: (line: string) => void): string =>
  resolvePinnedTool(root, CFN_LINT, log);

// The pinned checkov (requirements-checkov.txt): on PATH at the pin, else in the git-ignored .checkov-venv
// (installed there when missing). Its own venv: checkov pins boto3 and friends, which must not move moto's.
import { pinnedVersion, resolvePinnedTool, type PinnedTool } from './python-tool.js';

const CHECKOV: PinnedTool = {
  name: 'checkov',
  requirements: 'requirements-checkov.txt',
  venv: '.checkov-venv',
  installTimeoutMs: 900_000,
};

/** The checkov version pinned in requirements-checkov.txt. */
export const pinnedCheckovVersion = (root: string): string => pinnedVersion(root, CHECKOV);

/** The path of a checkov executable at the pin (see {@link resolvePinnedTool}). */
export const resolveCheckov = (root: string, log?: (line: string) => void): string =>
  resolvePinnedTool(root, CHECKOV, log);

import { ConfigError } from '../../../shared/errors.js';
import { createGitHubClient } from '../../../shared/sources/github/client.js';
import { githubExtras } from '../../../shared/sources/github/extras.js';
import { resolveGitHubAuth } from '../../../shared/sources/github/secrets.js';
import type { SourceBuilder } from './types.js';

/** GitHub collectors: an octokit client (app or token auth from Secrets Manager), the org, the PR lookback. */
export const githubSource: SourceBuilder = async ({ config, secrets, now }) => {
  const gh = config.github;
  if (!gh) throw new ConfigError(['github: not configured for a GitHub collector']);
  const auth = await resolveGitHubAuth(gh.auth, { secretsManager: secrets });
  const since = new Date(now().getTime() - gh.pullRequestLookbackDays * 86_400_000).toISOString();
  return {
    extras: githubExtras({
      github: createGitHubClient({ auth, baseUrl: gh.baseUrl }),
      githubOrg: gh.org,
      since,
    }),
    identity: gh.auth.type === 'app' ? `github-app:${gh.auth.appId}` : 'github-token',
  };
};

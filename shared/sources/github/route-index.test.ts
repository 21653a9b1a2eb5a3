import { describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { pageItems } from './provenance-plugin.js';
import { RouteIndex, routeIndexFrom } from './route-index.js';

describe('RouteIndex', () => {
  it('maps concrete paths back to route templates, literal segments first', () => {
    const index = new RouteIndex();
    index.add('GET', '/repos/{owner}/{repo}/pulls/{pull_number}');
    index.add('GET', '/repos/{owner}/{repo}/pulls/comments');
    expect(index.match('GET', '/repos/acme/api/pulls/comments')).toEqual({
      template: '/repos/{owner}/{repo}/pulls/comments',
      pathParams: { owner: 'acme', repo: 'api' },
    });
    expect(index.match('GET', '/repos/acme/api/pulls/7')?.pathParams).toEqual({
      owner: 'acme',
      repo: 'api',
      pull_number: '7',
    });
    expect(index.match('POST', '/repos/acme/api/pulls/7')).toBeUndefined();
  });

  it('knows every route the GitHub collectors page through', () => {
    const index = routeIndexFrom(new Octokit().rest);
    expect(index.match('GET', '/orgs/acme/members')?.template).toBe('/orgs/{org}/members');
    expect(index.match('GET', '/repos/acme/api/rules/branches/main')?.template).toBe(
      '/repos/{owner}/{repo}/rules/branches/{branch}',
    );
    expect(index.match('GET', `/repos/acme/api/commits/${'a'.repeat(40)}/check-runs`)?.template).toBe(
      '/repos/{owner}/{repo}/commits/{ref}/check-runs',
    );
    expect(index.match('GET', '/orgs/acme/dependabot/alerts')?.template).toBe(
      '/orgs/{org}/dependabot/alerts',
    );
  });
});

describe('pageItems', () => {
  it('counts arrays, wrapped lists and single objects', () => {
    expect(pageItems([1, 2, 3])).toBe(3);
    expect(pageItems({ total_count: 2, check_runs: [{}, {}] })).toBe(2);
    expect(pageItems({ name: 'repo', topics: [] })).toBe(1);
    expect(pageItems(undefined)).toBe(0);
  });
});

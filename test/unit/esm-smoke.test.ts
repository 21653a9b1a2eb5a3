import { describe, expect, it } from '@jest/globals';

describe('ESM toolchain', () => {
  it('loads the ESM-only @middy/core and @octokit/rest', async () => {
    const { default: middy } = await import('@middy/core');
    const { Octokit } = await import('@octokit/rest');
    const handler = middy(async (event: { n: number }) => event.n * 2);
    await expect(handler({ n: 21 }, {} as never)).resolves.toBe(42);
    const octokit = new Octokit({ baseUrl: 'http://127.0.0.1:9' });
    expect(typeof octokit.paginate.iterator).toBe('function');
  });
});

/** One parsed page and where it came from, as a page walker sees it. */
export interface PageResponse<TPage> {
  readonly body: TPage;
  readonly headers: Headers;
  readonly url: URL;
}

/**
 * Finds the next page from a parsed page: an absolute or relative URL, or `undefined` when the listing is
 * complete. Each vendor signals the next page differently; the client follows whatever the walker returns.
 */
export type PageWalker<TPage> = (page: PageResponse<TPage>) => string | URL | undefined;

/** Okta: `Link: <https://…/api/v1/users?after=…>; rel="next"` (RFC 8288), possibly among other links. */
export const linkHeaderNext: PageWalker<unknown> = ({ headers }) => parseLinkNext(headers.get('link'));

/** Extracts the `rel="next"` target from a `Link` header value (several links may be comma-joined). */
export function parseLinkNext(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,\s*(?=<)/)) {
    const m = /^\s*<([^>]+)>(.*)$/.exec(part);
    if (m && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(m[2]!)) return m[1];
  }
  return undefined;
}

/** Microsoft Graph: the body's `@odata.nextLink` is the full URL of the next page. */
export const odataNextLink: PageWalker<{ '@odata.nextLink'?: string | undefined }> = ({ body }) =>
  body['@odata.nextLink'] || undefined;

/** Google APIs: the body's `nextPageToken` goes into the same request as `pageToken`. */
export function pageTokenNext(param = 'pageToken'): PageWalker<{ nextPageToken?: string | undefined }> {
  return ({ body, url }) => {
    if (!body.nextPageToken) return undefined;
    const next = new URL(url);
    next.searchParams.set(param, body.nextPageToken);
    return next;
  };
}

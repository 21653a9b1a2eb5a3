/** A REST route template and the path parameters a concrete path filled into it. */
export interface RouteMatch {
  readonly template: string;
  readonly pathParams: Record<string, string>;
}

interface Node {
  readonly literal: Map<string, Node>;
  param?: { name: string; node: Node };
  /** method → template */
  readonly routes: Map<string, string>;
}

const node = (): Node => ({ literal: new Map(), routes: new Map() });

/** Maps concrete request paths (`/repos/acme/api/pulls/7/reviews`) back to route templates. */
export class RouteIndex {
  private readonly root = node();

  add(method: string, template: string): void {
    const segments = template.split('/').filter(Boolean);
    // Templates with RFC 6570 operators ({/ref}, {+path}) or partial segments are not needed here.
    if (segments.some((s) => s.includes('{') && !/^\{\w+\}$/.test(s))) return;
    let at = this.root;
    for (const s of segments) {
      const param = /^\{(\w+)\}$/.exec(s)?.[1];
      if (param) {
        at.param ??= { name: param, node: node() };
        at = at.param.node;
      } else {
        let next = at.literal.get(s);
        if (!next) at.literal.set(s, (next = node()));
        at = next;
      }
    }
    at.routes.set(method.toUpperCase(), template);
  }

  /** Finds the route of `method path`; literal segments win over parameters. */
  match(method: string, path: string): RouteMatch | undefined {
    const segments = path
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
    const params: Record<string, string> = {};
    const walk = (at: Node, i: number): string | undefined => {
      if (i === segments.length) return at.routes.get(method.toUpperCase());
      const lit = at.literal.get(segments[i]!);
      const viaLiteral = lit && walk(lit, i + 1);
      if (viaLiteral) return viaLiteral;
      if (!at.param) return undefined;
      const found = walk(at.param.node, i + 1);
      if (found) params[at.param.name] = segments[i]!;
      return found;
    };
    const template = walk(this.root, 0);
    return template ? { template, pathParams: params } : undefined;
  }
}

let shared: RouteIndex | undefined;

/**
 * The route index of every REST endpoint method Octokit knows (built once from `octokit.rest`, ~1,000 routes).
 * Paginated requests reach the request hook with absolute URLs; this recovers their route.
 */
export function routeIndexFrom(rest: object): RouteIndex {
  if (shared) return shared;
  const index = new RouteIndex();
  for (const ns of Object.values(rest) as object[]) {
    for (const fn of Object.values(ns) as Array<{
      endpoint?: { DEFAULTS?: { method: string; url: string } };
    }>) {
      const d = fn?.endpoint?.DEFAULTS;
      if (d?.url) index.add(d.method, d.url);
    }
  }
  shared = index;
  return index;
}

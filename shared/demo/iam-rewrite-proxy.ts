import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An answer the proxy gives itself, without forwarding (an emulator gap it fills). */
interface ProxyAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** What a rewriting proxy in front of the emulator changes. */
export interface IamRewrite {
  /** The Query API actions (IAM, STS) whose answers are buffered and rewritten; every other answer streams through. */
  readonly actions: readonly string[];
  /** Answers a request itself instead of forwarding it, when it returns an answer. */
  answer?(req: IncomingMessage, body: string): ProxyAnswer | undefined;
  /**
   * Rewrites a buffered answer. `account` is the caller's account when its access key came from an AssumeRole answer
   * that passed through (a member account's credential report may have no row to read its account from).
   */
  rewrite(action: string, text: string, account: string | undefined): string;
}

/**
 * A loopback proxy in front of the emulator that rewrites the answers of a few Query API actions (the demo's
 * emulator gaps, a test company's seeded fields). It learns which account each access key belongs to from the
 * AssumeRole answers it forwards.
 */
export async function startIamRewriteProxy(
  target: string,
  rewrite: IamRewrite,
): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const accountOfKey = new Map<string, string>();
  const buffered = new RegExp(`(^|&)Action=(${['AssumeRole', ...rewrite.actions].join('|')})(&|$)`);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const answer = rewrite.answer?.(req, body.toString());
      if (answer) {
        res.writeHead(answer.status, {
          'content-type': answer.contentType,
          'x-amzn-requestid': 'demo-emulator-gap',
        });
        res.end(answer.body);
        return;
      }
      const action = buffered.exec(body.toString())?.[2];
      const key = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
      const fwd = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (up) => {
          if (!action) {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
            return;
          }
          const parts: Buffer[] = [];
          up.on('data', (c: Buffer) => parts.push(c));
          up.on('end', () => {
            const text = Buffer.concat(parts).toString('utf8');
            let out = text;
            if (action === 'AssumeRole') {
              const id = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(text)?.[1];
              const acct = /<Arn>arn:aws:sts::(\d{12}):assumed-role/.exec(text)?.[1];
              if (id && acct) accountOfKey.set(id, acct);
            } else out = rewrite.rewrite(action, text, key ? accountOfKey.get(key) : undefined);
            const headers = { ...up.headers, 'content-length': String(Buffer.byteLength(out)) };
            delete headers['transfer-encoding'];
            res.writeHead(up.statusCode ?? 502, headers);
            res.end(out);
          });
        },
      );
      fwd.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      fwd.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy that forwards one request at a time to an emulator endpoint.
 *
 * Why: moto's server is threaded, and its DynamoDB TransactWriteItems is not atomic across threads
 * (it deep-copies every table for rollback while other requests write, failing with "dictionary
 * changed size during iteration", and a rollback can erase another request's committed writes).
 * Real DynamoDB makes each transaction atomic. Serializing requests restores that guarantee while
 * clients still interleave between their requests, so read-then-conditional-write races still happen.
 */
export interface SerialProxy {
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function startSerialProxy(target: string): Promise<SerialProxy> {
  const upstream = new URL(target);
  let queue: Promise<void> = Promise.resolve();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      queue = queue.then(
        () =>
          new Promise<void>((done) => {
            const headers: IncomingHttpHeaders = { ...req.headers, host: upstream.host };
            const fwd = request(
              {
                hostname: upstream.hostname,
                port: upstream.port,
                method: req.method,
                path: req.url,
                headers,
              },
              (up) => {
                const body: Buffer[] = [];
                up.on('data', (c: Buffer) => body.push(c));
                up.on('end', () => {
                  res.writeHead(up.statusCode ?? 502, up.headers);
                  res.end(Buffer.concat(body));
                  done();
                });
              },
            );
            fwd.on('error', () => {
              res.writeHead(502).end();
              done();
            });
            fwd.end(Buffer.concat(chunks));
          }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

import { randomBytes } from 'node:crypto';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import yazl from 'yazl';
import { ZipWriter } from './zip-writer.js';

const mtime = new Date('2027-01-02T03:04:05Z');
const files: [string, Buffer][] = [
  ['evidence/a/2026/01/01/x_ab.json', randomBytes(150_000)],
  ['proofs/inclusion/ab.json', Buffer.from('{\n  "leafIndex": 0\n}\n')],
  ['empty.txt', Buffer.alloc(0)],
  ['ünïcode/näme.txt', Buffer.from('a'.repeat(5000))],
];

async function collect(run: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => out.on('end', r));
  await run(out);
  await ended;
  return Buffer.concat(chunks);
}

async function viaYazl(compress: boolean): Promise<Buffer> {
  return collect(async (out) => {
    const zip = new yazl.ZipFile();
    for (const [p, b] of files) zip.addBuffer(b, p, { compress, mtime });
    zip.end();
    zip.outputStream.pipe(out);
  });
}

async function viaWriter(compress: boolean): Promise<Buffer> {
  return collect(async (out) => {
    const zip = new ZipWriter(out, { compress, mtime });
    for (const [p, b] of files) await zip.add(p, b);
    await zip.finish();
  });
}

describe('ZipWriter', () => {
  it('writes the same bytes as yazl addBuffer for stored entries', async () => {
    expect((await viaWriter(false)).equals(await viaYazl(false))).toBe(true);
  });

  it('writes the same bytes as yazl addBuffer for deflated entries', async () => {
    expect((await viaWriter(true)).equals(await viaYazl(true))).toBe(true);
  });

  it('rejects when the output fails', async () => {
    const out = new Writable({
      highWaterMark: 1,
      write: (_c, _e, cb) => setImmediate(() => cb(new Error('disk full'))),
    });
    out.on('error', () => undefined);
    const zip = new ZipWriter(out, { compress: false, mtime });
    await expect(
      (async () => {
        for (let i = 0; i < 10; i++) await zip.add(`f${i}`, randomBytes(1000));
      })(),
    ).rejects.toThrow('disk full');
  });
});

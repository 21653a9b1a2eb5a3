import type { Writable } from 'node:stream';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

const deflateRaw = promisify(zlib.deflateRaw);
const VERSION_MADE_BY = (3 << 8) | 63; // unix, spec 6.3
const NEEDED_UTF8 = 20;
const NEEDED_ZIP64 = 45;
const UTF8_NAME = 1 << 11;
const BIG = 0xfffffffe;

/** Native CRC-32 where Node has it (20.15+, 22.2+); a table fallback elsewhere. */
const crc32: (data: Buffer) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (data) => (zlib as unknown as { crc32(d: Buffer): number }).crc32(data)
    : tableCrc32;

interface CentralEntry {
  readonly name: Buffer;
  readonly method: number;
  readonly crc: number;
  readonly size: number;
  readonly stored: number;
  readonly offset: number;
}

/**
 * A sequential zip writer for whole buffers, byte-compatible with what yazl's `addBuffer` writes (UTF-8 names, CRC
 * and sizes in the local header, no data descriptors, Info-ZIP "UT" mtime in the central directory, ZIP64 only when
 * sizes or offsets need it). CRC-32 is computed natively, once per entry; `add` waits while `out` is full.
 */
export class ZipWriter {
  private readonly entries: CentralEntry[] = [];
  private cursor = 0;
  private readonly dosTime: number;
  private readonly dosDate: number;
  private readonly unixTime: number;

  constructor(
    private readonly out: Writable,
    private readonly opts: { readonly compress: boolean; readonly mtime: Date },
  ) {
    ({ time: this.dosTime, date: this.dosDate } = dosDateTime(opts.mtime));
    this.unixTime = Math.max(-0x80000000, Math.min(0x7fffffff, Math.floor(opts.mtime.getTime() / 1000)));
  }

  /** Appends one file entry. */
  async add(path: string, data: Buffer): Promise<void> {
    const name = Buffer.from(path, 'utf8');
    if (name.length > 0xffff) throw new RangeError(`zip entry name too long: ${path}`);
    const crc = crc32(data);
    const body = this.opts.compress ? await deflateRaw(data, { level: 6 }) : data;
    const method = this.opts.compress ? 8 : 0;
    const offset = this.cursor;
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(NEEDED_UTF8, 4);
    h.writeUInt16LE(UTF8_NAME, 6);
    h.writeUInt16LE(method, 8);
    h.writeUInt16LE(this.dosTime, 10);
    h.writeUInt16LE(this.dosDate, 12);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(body.length, 18);
    h.writeUInt32LE(data.length, 22);
    h.writeUInt16LE(name.length, 26);
    h.writeUInt16LE(0, 28);
    this.entries.push({ name, method, crc, size: data.length, stored: body.length, offset });
    await this.write(Buffer.concat([h, name]));
    await this.write(body);
  }

  /** Writes the central directory and end records, then ends `out`. */
  async finish(): Promise<void> {
    const start = this.cursor;
    for (const e of this.entries) await this.write(this.centralRecord(e));
    const cdSize = this.cursor - start;
    const count = this.entries.length;
    const zip64 = count >= 0xffff || cdSize >= 0xffffffff || start >= 0xffffffff;
    const parts: Buffer[] = [];
    if (zip64) {
      const r = Buffer.alloc(56);
      r.writeUInt32LE(0x06064b50, 0);
      u64(r, 44, 4);
      r.writeUInt16LE(VERSION_MADE_BY, 12);
      r.writeUInt16LE(NEEDED_ZIP64, 14);
      u64(r, count, 24);
      u64(r, count, 32);
      u64(r, cdSize, 40);
      u64(r, start, 48);
      const l = Buffer.alloc(20);
      l.writeUInt32LE(0x07064b50, 0);
      u64(l, this.cursor, 8);
      l.writeUInt32LE(1, 16);
      parts.push(r, l);
    }
    const e = Buffer.alloc(22);
    e.writeUInt32LE(0x06054b50, 0);
    e.writeUInt16LE(count >= 0xffff ? 0xffff : count, 8);
    e.writeUInt16LE(count >= 0xffff ? 0xffff : count, 10);
    e.writeUInt32LE(cdSize >= 0xffffffff ? 0xffffffff : cdSize, 12);
    e.writeUInt32LE(start >= 0xffffffff ? 0xffffffff : start, 16);
    parts.push(e);
    await this.write(Buffer.concat(parts));
    this.out.end();
  }

  private centralRecord(e: CentralEntry): Buffer {
    const zip64 = e.size > BIG || e.stored > BIG || e.offset > BIG;
    const ut = Buffer.alloc(9);
    ut.writeUInt16LE(0x5455, 0);
    ut.writeUInt16LE(5, 2);
    ut.writeUInt8(3, 4); // mtime | atime flags, as Info-ZIP writes them
    ut.writeInt32LE(this.unixTime, 5);
    const z = Buffer.alloc(zip64 ? 28 : 0);
    if (zip64) {
      z.writeUInt16LE(0x0001, 0);
      z.writeUInt16LE(24, 2);
      u64(z, e.size, 4);
      u64(z, e.stored, 12);
      u64(z, e.offset, 20);
    }
    const f = Buffer.alloc(46);
    f.writeUInt32LE(0x02014b50, 0);
    f.writeUInt16LE(VERSION_MADE_BY, 4);
    f.writeUInt16LE(zip64 ? NEEDED_ZIP64 : NEEDED_UTF8, 6);
    f.writeUInt16LE(UTF8_NAME, 8);
    f.writeUInt16LE(e.method, 10);
    f.writeUInt16LE(this.dosTime, 12);
    f.writeUInt16LE(this.dosDate, 14);
    f.writeUInt32LE(e.crc, 16);
    f.writeUInt32LE(zip64 ? 0xffffffff : e.stored, 20);
    f.writeUInt32LE(zip64 ? 0xffffffff : e.size, 24);
    f.writeUInt16LE(e.name.length, 28);
    f.writeUInt16LE(ut.length + z.length, 30);
    f.writeUInt32LE((0o100664 << 16) >>> 0, 38);
    f.writeUInt32LE(zip64 ? 0xffffffff : e.offset, 42);
    return Buffer.concat([f, e.name, ut, z]);
  }

  private async write(chunk: Buffer): Promise<void> {
    this.cursor += chunk.length;
    if (this.out.destroyed) throw this.out.errored ?? new Error('zip output closed');
    if (!this.out.write(chunk)) await drained(this.out);
  }
}

/** Resolves on 'drain'; rejects if `out` errors or closes first (a reader that went away must not hang the build). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (err?: Error | null) => {
      out.off('drain', onDrain).off('error', settle).off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(out.errored ?? new Error('zip output closed'));
    out.on('drain', onDrain).on('error', settle).on('close', onClose);
  });
}

function u64(buf: Buffer, n: number, at: number): void {
  buf.writeUInt32LE(n % 0x100000000, at);
  buf.writeUInt32LE(Math.floor(n / 0x100000000), at + 4);
}

/** DOS date and time in local time, clamped to 1980..2107, as yazl encodes them. */
function dosDateTime(d: Date): { date: number; time: number } {
  const min = new Date(1980, 0, 1);
  const max = new Date(2107, 11, 31, 23, 59, 58);
  const t = d < min ? min : d > max ? max : d;
  return {
    date: (t.getDate() & 0x1f) | (((t.getMonth() + 1) & 0xf) << 5) | (((t.getFullYear() - 1980) & 0x7f) << 9),
    time: Math.floor(t.getSeconds() / 2) | ((t.getMinutes() & 0x3f) << 5) | ((t.getHours() & 0x1f) << 11),
  };
}

let table: Int32Array | undefined;
function tableCrc32(data: Buffer): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { keyFingerprint } from '../../ledger/fingerprint.js';
import { openLocker } from '../../locker/locker.js';
import { CliExit } from '../common.js';
import { memoryIo } from '../output.js';
import { runKeyFingerprint } from './key.js';

let dir: string;
let config: string;
let pem: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-key-'));
  config = join(dir, 'flux.config.json');
  writeFileSync(config, JSON.stringify({ locker: { path: 'locker' } }));
  const locker = await openLocker(join(dir, 'locker'));
  pem = await locker.signer.publicKeyPem();
  await locker.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = (json = false, path = config) => ({ configPath: path, explicitConfig: true, json });

describe('flux-evidence key fingerprint', () => {
  it("prints the locker key's SHA-256 fingerprint, its PEM, or both as JSON", async () => {
    const io = memoryIo();
    expect(await runKeyFingerprint(input(), {}, io)).toBe(0);
    expect(io.stdout()).toBe(`${keyFingerprint(pem)}\n`);
    const p = memoryIo();
    await runKeyFingerprint(input(), { pem: true }, p);
    expect(p.stdout()).toBe(pem);
    const j = memoryIo();
    await runKeyFingerprint(input(true), {}, j);
    expect(JSON.parse(j.stdout())).toMatchObject({ fingerprint: keyFingerprint(pem), publicKeyPem: pem });
  });

  it('refuses (exit 2) a locker that does not exist instead of creating a fresh key', async () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ locker: { path: 'nowhere' } }));
    const io = memoryIo();
    const e = await runKeyFingerprint(input(false, other), {}, io).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliExit);
    expect((e as CliExit).code).toBe(2);
    expect(io.stderr()).toContain(`no locker at ${join(dir, 'nowhere')}`);
  });
});

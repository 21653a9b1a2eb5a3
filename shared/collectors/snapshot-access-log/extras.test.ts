import { describe, expect, it } from '@jest/globals';
import type { EvidenceInput } from '../../mapping/types.js';
import { accessLogExtras } from './extras.js';

const LOGS = { bucket: 'flux-evidence-logs-111122223333-eu-west-1', prefix: 'evidence-bucket/' };
const latest = (e: { scope: string; lastKey?: string | null }[]) => ({
  latest: () =>
    Promise.resolve(
      e.map(
        (x) =>
          ({
            scope: x.scope,
            data: { accessLogs: x.lastKey === null ? null : { lastKey: x.lastKey } },
          }) as unknown as EvidenceInput,
      ),
    ),
});

describe('accessLogExtras', () => {
  it('reads every access log on the first scheduled run', async () => {
    expect(await accessLogExtras(LOGS, latest([]))).toEqual({ accessLogs: LOGS });
  });

  it('continues after the last log key its own scheduled series read, ignoring issuance records', async () => {
    const out = await accessLogExtras(
      LOGS,
      latest([
        { scope: 'tenant=snapshot-access-logs', lastKey: 'evidence-bucket/2026-02-01-10-00-00-ABC' },
        // Issuances recorded by the API (account and region scope) carry no access-log position.
        { scope: 'account=111122223333,region=eu-west-1', lastKey: null },
      ]),
    );
    expect(out).toEqual({ accessLogs: { ...LOGS, startAfter: 'evidence-bucket/2026-02-01-10-00-00-ABC' } });
  });

  it('never starts after a key outside the configured prefix', async () => {
    const out = await accessLogExtras(
      LOGS,
      latest([{ scope: 'tenant=snapshot-access-logs', lastKey: 'other-prefix/2026-02-01-10-00-00-ABC' }]),
    );
    expect(out).toEqual({ accessLogs: LOGS });
  });
});

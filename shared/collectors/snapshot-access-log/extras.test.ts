import { describe, expect, it } from '@jest/globals';
import type { EvidenceInput } from '../../mapping/types.js';
import { accessLogExtras } from './extras.js';

const LOGS = { bucket: 'flux-evidence-logs-111122223333-eu-west-1', prefix: 'evidence-bucket/' };
const loader = (latest: { lastKey?: string | null; collectedAt: string }[]) => ({
  latest: () =>
    Promise.resolve(
      latest.map(
        (x) =>
          ({
            scope: 'account=111122223333,region=eu-west-1',
            collectedAt: x.collectedAt,
            data: { accessLogs: x.lastKey === null ? null : { lastKey: x.lastKey } },
          }) as unknown as EvidenceInput,
      ),
    ),
});

describe('accessLogExtras', () => {
  it('reads every access log on the first scheduled run', async () => {
    expect(await accessLogExtras(LOGS, loader([]))).toEqual({ accessLogs: LOGS });
  });

  it('continues after the last log key the previous scheduled run read', async () => {
    const out = await accessLogExtras(
      LOGS,
      loader([
        { lastKey: 'evidence-bucket/2026-02-01-10-00-00-ABC', collectedAt: '2026-02-01T10:05:00.000Z' },
      ]),
    );
    expect(out).toEqual({ accessLogs: { ...LOGS, startAfter: 'evidence-bucket/2026-02-01-10-00-00-ABC' } });
  });

  it('after an issuance recorded by the API, resumes two hours before it so no download is missed', async () => {
    const out = await accessLogExtras(
      LOGS,
      loader([{ lastKey: null, collectedAt: '2026-02-01T10:30:00.000Z' }]),
    );
    expect(out).toEqual({ accessLogs: { ...LOGS, startAfter: 'evidence-bucket/2026-02-01-08-30-00' } });
  });

  it('never resumes after a key outside the configured prefix', async () => {
    const out = await accessLogExtras(
      LOGS,
      loader([{ lastKey: 'other-prefix/2026-02-01-10-00-00-ABC', collectedAt: '2026-02-01T10:05:00.000Z' }]),
    );
    expect(out).toEqual({ accessLogs: { ...LOGS, startAfter: 'evidence-bucket/2026-02-01-08-05-00' } });
  });
});

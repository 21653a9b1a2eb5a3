// Records the demo's Prowler scan (issue #20, "at least one control is judged from ingested findings in the demo"):
// the pinned Prowler scans the demo company's management account after its readiness fixes (the state the demo's
// collectors read: the emulator behind the demo's gap proxy), for the checks Prowler's own ISO/SOC 2 files map to
// CFG-01's requirements, and the OCSF output is trimmed into shared/demo/prowler/management.ocsf.json.
// Run once when the pinned Prowler or the demo company changes (one Prowler run, a few minutes):
//   npx tsx scripts/record-demo-prowler-scan.ts
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensureProwler } from './ensure-prowler.js';
import { applyReadiness, DEMO_REGION } from '../shared/demo/readiness.js';
import { MANAGEMENT_ACCOUNT_ID, seedDemoCompany } from '../shared/demo/company/index.js';
import { startEmulatorGapProxy } from '../shared/demo/emulator-gaps.js';
import { DEMO_PROWLER_SCAN, trimProwlerRecord } from '../shared/demo/prowler/scan.js';
import { startMoto } from '../shared/emulator/moto-server.js';
import { prowlerChecksFor } from '../shared/rules/prowler-check-findings-passed.js';
import { assumeScannedAccount } from '../bench/collect.js';
import { runProwler } from '../bench/prowler-run.js';

const root = process.cwd();
const bin = ensureProwler(root, (l) => console.log(l));
const moto = await startMoto({ root, log: (l) => console.log(l) });
try {
  const facts = await seedDemoCompany({ endpoint: moto.endpoint }, { now: new Date() });
  await applyReadiness(moto.endpoint, facts);
  const gaps = await startEmulatorGapProxy(moto.endpoint);
  try {
    const checks = [...prowlerChecksFor('CFG-01').keys()].sort();
    const p = await runProwler(
      bin,
      gaps.endpoint,
      await assumeScannedAccount(gaps.endpoint, MANAGEMENT_ACCOUNT_ID),
      {
        timeoutMs: 20 * 60_000,
        account: MANAGEMENT_ACCOUNT_ID,
        scan: ['--checks', ...checks],
        regions: [DEMO_REGION],
        format: 'json-ocsf',
        keepOutput: true,
      },
    );
    const file = p.outputFiles.find((f) => f.endsWith('.ocsf.json'));
    if (!file) throw new Error(`Prowler wrote no OCSF file (exit ${p.exitCode}): ${p.tail}`);
    const records = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[]).map(
      trimProwlerRecord,
    );
    writeFileSync(DEMO_PROWLER_SCAN, JSON.stringify(records, null, 1) + '\n');
    console.log(
      `${DEMO_PROWLER_SCAN}: ${records.length} findings of ${checks.length} checks, Prowler ${p.wallMs} ms`,
    );
    rmSync(dirname(file), { recursive: true, force: true });
  } finally {
    await gaps.close();
  }
} finally {
  await moto.stop();
}

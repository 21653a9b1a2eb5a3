// Issue #14 item 8: the pinned Prowler (with --scan-unused-services) and Flux judge the same emulated demo company,
// topic by topic, and every disagreement is explained. Prowler writes OCSF, read back through Flux's own ingest
// (readProwlerScan), so the run also exercises `ingest prowler` on real Prowler output.
//   npm run bench -- prowler-agreement     (one Prowler run per scanned account, ~2-4 minutes each)
import { ruleContext } from '../shared/rules/types.js';
import { createReadStream, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { collectEnvelope } from '../shared/kernel/runner.js';
import { collectors } from '../shared/collectors/registry.js';
import { readProwlerScan, type ProwlerScan } from '../shared/ingest/prowler-ocsf.js';
import { rules } from '../shared/rules/registry.js';
import { ensureProwler, pinnedProwlerVersion } from '../scripts/ensure-prowler.js';
import {
  DEMO_REGIONS,
  MANAGEMENT_ACCOUNT_ID,
  PROD_ACCOUNT_ID,
  seedDemoCompany,
} from '../shared/demo/company/index.js';
import { startEmulatorGapProxy } from '../shared/demo/emulator-gaps.js';
import { assumeScannedAccount } from './collect.js';
import { AGREEMENT_TOPICS, explain, type Verdict } from './prowler-topics.js';
import { runProwler } from './prowler-run.js';

const ACCOUNTS = [MANAGEMENT_ACCOUNT_ID, PROD_ACCOUNT_ID];

/** Flux's verdict per rule for one account: the rule's outcome on fresh evidence, UNKNOWN when collection erred. */
async function fluxVerdicts(endpoint: string, account: string): Promise<Map<string, Verdict>> {
  const credentials = await assumeScannedAccount(endpoint, account);
  const connection = { endpoint, forcePathStyle: true, credentials };
  const wanted = new Set(AGREEMENT_TOPICS.flatMap((t) => t.fluxRules));
  const out = new Map<string, Verdict>();
  const now = new Date();
  for (const rule of rules.filter((r) => wanted.has(r.id))) {
    const c = collectors.find((x) => x.meta.id === rule.collector)!;
    const regions = c.meta.scope === 'global' ? ['global'] : [...DEMO_REGIONS];
    const verdicts: Verdict[] = [];
    for (const region of regions) {
      const { envelope } = await collectEnvelope(c, { account, region }, { connection, now: () => now });
      if (envelope.errors.length || envelope.data === null || (rule.accepts && !rule.accepts(envelope.data)))
        verdicts.push('UNKNOWN');
      else verdicts.push(rule.evaluate(envelope.data, ruleContext(now)).status);
    }
    out.set(rule.id, combine(verdicts));
  }
  return out;
}

/** Prowler's verdict per check: FAIL if any finding fails, PASS if some pass, MANUAL, or "not run". */
function prowlerVerdict(scan: ProwlerScan | undefined, checks: readonly string[]): Verdict {
  const ran = scan?.checks.filter((c) => checks.includes(c.checkId)) ?? [];
  if (ran.some((c) => c.failed.length > 0)) return 'FAIL';
  if (ran.some((c) => c.passed.length > 0)) return 'PASS';
  if (ran.some((c) => c.manual.length > 0)) return 'MANUAL';
  return 'NOT_RUN';
}

const combine = (vs: Verdict[]): Verdict =>
  vs.includes('FAIL')
    ? 'FAIL'
    : vs.includes('UNKNOWN')
      ? 'UNKNOWN'
      : vs.includes('PASS')
        ? 'PASS'
        : (vs[0] ?? 'NOT_RUN');

export async function run(motoEndpoint: string) {
  const bin = ensureProwler(process.cwd(), (l) => console.log(l));
  await seedDemoCompany({ endpoint: motoEndpoint });
  // Both sides read the state the demo's collectors read: the emulator behind the demo's gap proxy, which answers
  // in AWS's wire shape what moto lacks (the credential report's root row, the EBS default key id).
  const gaps = await startEmulatorGapProxy(motoEndpoint);
  try {
    return await compare(bin, gaps.endpoint);
  } finally {
    await gaps.close();
  }
}

async function compare(bin: string, endpoint: string) {
  const checks = [...new Set(AGREEMENT_TOPICS.flatMap((t) => t.prowlerChecks))];
  const rows: Record<string, string>[] = [];
  const runs: Record<string, unknown>[] = [];
  for (const account of ACCOUNTS) {
    const flux = await fluxVerdicts(endpoint, account);
    const credentials = await assumeScannedAccount(endpoint, account);
    const p = await runProwler(bin, endpoint, credentials, {
      timeoutMs: 20 * 60_000,
      account,
      scan: ['--checks', ...checks, '--scan-unused-services'],
      regions: DEMO_REGIONS,
      format: 'json-ocsf',
      keepOutput: true,
    });
    const file = p.outputFiles.find((f) => f.endsWith('.ocsf.json'));
    // Read through the product's own ingest: validation, account and freshness checks included.
    const scan = file
      ? await readProwlerScan(createReadStream(file), {
          accounts: [account],
          now: new Date(),
          maxAgeHours: 192,
        })
      : undefined;
    runs.push({
      account,
      wallMs: p.wallMs,
      exitCode: p.exitCode,
      maxRssMiB: p.maxRssMiB,
      findings: scan?.findings ?? 0,
      file,
      tail: p.tail,
    });
    for (const t of AGREEMENT_TOPICS) {
      const f = combine(t.fluxRules.map((r) => flux.get(r) ?? 'UNKNOWN'));
      const q = prowlerVerdict(scan, t.prowlerChecks);
      // No resource to judge: Flux says NOT_APPLICABLE, Prowler writes no finding. Not so where the finding is
      // missing because the emulator lacks the data (root MFA).
      const same = f === q || (f === 'NOT_APPLICABLE' && q === 'NOT_RUN' && !t.missingData);
      rows.push({
        topic: t.topic,
        account,
        flux: f,
        prowler: q,
        agree: same ? 'yes' : 'no',
        why: same ? '' : explain(t.topic, f, q),
      });
    }
    if (p.outputFiles[0] && !process.env.FLUX_KEEP_PROWLER_OUTPUT)
      rmSync(dirname(p.outputFiles[0]), { recursive: true, force: true });
  }
  const w = (s: string, n: number) => s.padEnd(n);
  console.log(
    `Prowler ${pinnedProwlerVersion(process.cwd())} (--scan-unused-services) vs Flux on the demo company, ${DEMO_REGIONS.join(' + ')}`,
  );
  console.log('(NOT_RUN: Prowler wrote no finding; beside Flux NOT_APPLICABLE, both found nothing to judge)');
  console.log(`${w('topic', 24)}${w('account', 14)}${w('flux', 16)}${w('prowler', 10)}agree`);
  for (const r of rows)
    console.log(`${w(r.topic!, 24)}${w(r.account!, 14)}${w(r.flux!, 16)}${w(r.prowler!, 10)}${r.agree}`);
  const disagreements = rows.filter((r) => r.agree === 'no');
  console.log(`\n${rows.length - disagreements.length}/${rows.length} agree. Disagreements:`);
  for (const r of disagreements)
    console.log(`- ${r.topic} (${r.account}): Flux ${r.flux}, Prowler ${r.prowler}. ${r.why}`);
  const fluxRight = disagreements.filter((r) => r.why!.startsWith('Flux is right')).length;
  console.log(
    `${fluxRight} of ${disagreements.length} disagreements: Flux is right; ${disagreements.length - fluxRight} where Flux is wrong or unexplained.`,
  );
  return {
    rows,
    runs,
    agree: rows.length - disagreements.length,
    total: rows.length,
    fluxWrongOrUnexplained: disagreements.length - fluxRight,
  };
}

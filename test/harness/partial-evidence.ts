import { afterEach } from '@jest/globals';
import { getCollectorMeta } from '../../shared/collectors/meta-registry.js';
import { sealEnvelope } from '../../shared/evidence/artifact.js';
import { collectEnvelope, scopeKey } from '../../shared/kernel/runner.js';
import type { Collector } from '../../shared/kernel/types.js';
import { evaluateControl } from '../../shared/mapping/engine.js';
import { toEvidenceInput } from '../../shared/mapping/evidence-loader.js';
import { rules } from '../../shared/rules/registry.js';
import { awsTestConfig, motoEndpoint } from './aws.js';
import { startFaultProxy, type FaultResponse, type ProxiedRequest } from './fault-proxy.js';

/**
 * Fault-injection tests of partial evidence: a real collector runs against moto through the fault proxy with one
 * call failing, and the engine judges what it could see. Shared by test/integration/partial-evidence*.test.ts.
 */
export const NOW = new Date('2026-03-01T00:00:00Z');
export const ACCOUNT = '123456789012';
const now = () => NOW;
const ttl = (id: string) => getCollectorMeta(id)?.ttlHours;

export type FaultRule = (req: ProxiedRequest) => FaultResponse | undefined;
export const jsonHeaders = { 'content-type': 'application/x-amz-json-1.1' };
/** The JSON-protocol operation a request calls (`TrentService.GetKeyRotationStatus`). */
export const target = (req: ProxiedRequest) => String(req.headers['x-amz-target'] ?? '');
/** The query-protocol (IAM, EC2, RDS) action a request calls. */
export const queryAction = (req: ProxiedRequest) => new URLSearchParams(req.body).get('Action');
/** An EC2 query-protocol error body (EC2 answers `<Response><Errors>`, not `<ErrorResponse>`). */
export const ec2Error = (code: string) =>
  `<Response><Errors><Error><Code>${code}</Code><Message>${code}</Message></Error></Errors><RequestID>fault</RequestID></Response>`;

/**
 * Registers an afterEach closing every proxy the running test started, and returns the starter: SDK client config
 * through a new fault proxy in front of this worker's moto applying `rule` (several proxies per test allowed).
 */
export function faultProxies(): (
  rule: FaultRule,
  region?: string,
) => Promise<ReturnType<typeof awsTestConfig>> {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });
  return async (rule, region) => {
    const p = await startFaultProxy(motoEndpoint(), rule);
    closers.push(p.close);
    return { ...awsTestConfig(region), endpoint: p.endpoint };
  };
}

/**
 * Collects once and judges the one rule `ruleId` alone on that artifact (through the engine, as a control holding
 * only that rule), so the other rules of its control do not mix in.
 */
export async function judgeOne(
  c: Collector,
  ruleId: string,
  region: string,
  connection: ReturnType<typeof awsTestConfig>,
  extras?: Readonly<Record<string, unknown>>,
) {
  const { envelope } = await collectEnvelope(
    c,
    { account: ACCOUNT, region },
    { connection, now, ...(extras ? { extras } : {}) },
  );
  return { envelope, result: judgeEnvelope(envelope, ruleId) };
}

/** Judges the one rule `ruleId` on an envelope already collected. */
export function judgeEnvelope(
  envelope: Awaited<ReturnType<typeof collectEnvelope>>['envelope'],
  ruleId: string,
) {
  const rule = rules.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const input = toEvidenceInput(envelope, sealEnvelope(envelope).sha256, scopeKey(envelope.scope));
  const control = {
    id: rule.controls[0]!,
    collectors: [rule.collector],
    frequency: 'daily' as const,
    version: '1.0.0',
  };
  return evaluateControl(control, [rule], [input], NOW, ttl);
}

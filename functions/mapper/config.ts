import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { loadControls } from '../../frameworks/index.js';
import { DynamoContentIndex } from '../../shared/kernel/content-index.js';
import { getCollectorMeta } from '../../shared/collectors/meta-registry.js';
import { ConfigError, formatIssues } from '../../shared/errors.js';
import { IndexedEvidenceLoader } from '../../shared/mapping/evidence-loader.js';
import type { MapDeps } from '../../shared/mapping/map-artifact.js';
import { DynamoResultsStore } from '../../shared/mapping/results-store.js';
import { rules, rulesForCollectors } from '../../shared/rules/registry.js';
import type { Rule } from '../../shared/rules/types.js';
import { S3EvidenceStore } from '../../shared/store/s3-store.js';
import { RuleThresholdsSchema } from '../../shared/config/schema.js';
import { collectorIdsEnv, jsonEnv } from '../env.js';

/** The mapper's environment; parsed once at cold start. */
const MapperEnvSchema = z.object({
  TABLE_NAME: z.string().min(3),
  EVIDENCE_BUCKET: z.string().min(3),
  AWS_REGION: z.string().min(1),
  /** Only for local runs against the emulator. */
  AWS_ENDPOINT_URL: z.url().optional(),
  /** Ids of the collectors this deployment schedules, comma-separated; every collector when absent. */
  ENABLED_COLLECTORS: collectorIdsEnv.optional(),
  /** The configuration's `rules` thresholds as JSON; the benchmark defaults when absent. */
  RULE_THRESHOLDS: jsonEnv.pipe(RuleThresholdsSchema).optional(),
});
export type MapperEnv = z.infer<typeof MapperEnvSchema>;

/** Parses the environment; throws ConfigError listing every bad key. */
export function parseMapperEnv(env: Record<string, string | undefined>): MapperEnv {
  const r = MapperEnvSchema.safeParse(env);
  if (!r.success) throw new ConfigError(formatIssues(r.error.issues));
  return r.data;
}

/**
 * The rules the mapper judges: those whose collector is enabled (all when ENABLED_COLLECTORS is absent). A rule
 * of a collector that never runs here would only hold its controls at UNKNOWN.
 */
export function mapperRules(env: Pick<MapperEnv, 'ENABLED_COLLECTORS'>): readonly Rule[] {
  return env.ENABLED_COLLECTORS ? rulesForCollectors(rules, env.ENABLED_COLLECTORS) : rules;
}

/** Builds the mapper's clients and catalog from its configuration. */
export function buildMapDeps(env: MapperEnv): MapDeps {
  const conn = {
    region: env.AWS_REGION,
    ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}),
  };
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(conn));
  const store = new S3EvidenceStore({
    s3: new S3Client({ ...conn, forcePathStyle: !!env.AWS_ENDPOINT_URL }),
    bucket: env.EVIDENCE_BUCKET,
  });
  return {
    controls: loadControls(),
    rules: mapperRules(env),
    ttlHoursOf: (id) => getCollectorMeta(id)?.ttlHours,
    evidence: new IndexedEvidenceLoader({
      doc,
      tableName: env.TABLE_NAME,
      index: new DynamoContentIndex(doc, env.TABLE_NAME),
      store,
    }),
    results: new DynamoResultsStore(doc, env.TABLE_NAME),
    now: () => new Date(),
    ...(env.RULE_THRESHOLDS ? { thresholds: env.RULE_THRESHOLDS } : {}),
  };
}

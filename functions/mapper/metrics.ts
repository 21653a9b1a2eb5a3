import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ControlResult, ControlStatus } from '../../shared/mapping/types.js';

/** Every status a result can have; each is emitted, zero included, so a dashboard's series never has gaps. */
const RESULT_STATUSES: readonly ControlStatus[] = ['PASS', 'FAIL', 'UNKNOWN', 'NOT_APPLICABLE'];

/**
 * Emits `EvaluationResults` once per status with a `status` dimension. Dimensions apply to a whole EMF
 * document, so each status goes out as its own single metric (published at once, with the service dimension).
 */
export function addEvaluationResults(metrics: Metrics, results: readonly ControlResult[]): void {
  for (const status of RESULT_STATUSES) {
    const single = metrics.singleMetric();
    single.addDimension('status', status);
    single.addMetric(
      'EvaluationResults',
      MetricUnit.Count,
      results.filter((r) => r.status === status).length,
    );
  }
}

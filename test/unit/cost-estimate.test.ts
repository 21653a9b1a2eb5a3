import { describe, expect, it } from '@jest/globals';
import { COLLECTOR_MAX_CONCURRENCY, COLLECTOR_MEMORY_MB } from '../../infra/constructs/collector-limits.js';
import {
  AWS_SECONDS_PER_CALL,
  DEFAULT_DEPLOYMENT,
  monthlyCost,
  PRICES,
  scheduleSeconds,
  unitFiguresFrom,
  unitsPerSchedule,
  type UnitFigures,
} from '../../scripts/cost-estimate.js';

const unit: UnitFigures = {
  seconds: 2,
  s3Puts: 1,
  s3Gets: 1,
  dynamoWriteUnits: 7,
  dynamoReadUnits: 3,
  dynamoItemBytes: 1000,
  sqsRequests: 4,
  events: 1,
  bytesStored: 1000,
  logBytes: 1000,
};

describe('cost and schedule estimate', () => {
  it('counts 193 units per account a day: 11 regional collectors x 17 regions + 6 global ones', () => {
    expect(unitsPerSchedule({ ...DEFAULT_DEPLOYMENT, accounts: 1 })).toBe(193);
    expect(unitsPerSchedule({ ...DEFAULT_DEPLOYMENT, accounts: 500 })).toBe(96_500);
  });

  it('times a schedule by its busiest collector: accounts x regions units at the deployed concurrency', () => {
    const d = { ...DEFAULT_DEPLOYMENT, accounts: 500 };
    expect(scheduleSeconds(d, 2)).toBe((500 * 17 * 2) / COLLECTOR_MAX_CONCURRENCY);
    expect(scheduleSeconds(d, 2, 10)).toBe(1700);
    expect(scheduleSeconds({ ...d, regionalCollectors: 0 }, 2, 10)).toBe(100);
  });

  it('prices each service line from the unit figures and 30 daily schedules', () => {
    const d = { ...DEFAULT_DEPLOYMENT, accounts: 10, retentionDays: 100 };
    const units = 1930 * 30;
    const cost = monthlyCost(d, unit);
    expect(cost.units).toBe(units);
    // Collector runs at their memory, mapper runs (0.5 s at 512 MB) once per unit.
    const gbs = units * (2 * (COLLECTOR_MEMORY_MB / 1024) + 0.25);
    expect(cost.lines.lambdaCompute).toBeCloseTo(gbs * PRICES.lambdaGbSecond, 2);
    expect(cost.lines.lambdaRequests).toBeCloseTo(((2 * units + 288 * 30 + 17 * 30) / 1e6) * 0.2, 2);
    expect(cost.lines.dynamoRequests).toBeCloseTo((units * 11 * 0.625 + units * 13 * 0.125) / 1e6, 2);
    expect(cost.lines.s3Requests).toBeCloseTo((units * 0.005 + units * 0.0004) / 1000, 2);
    // Steady-state storage: 100 days of 1,930 units of 1,000 bytes.
    expect(cost.lines.s3Storage).toBeCloseTo(((1930 * 1000 * 100) / 1024 ** 3) * 0.023, 2);
    expect(cost.lines.sqs).toBeCloseTo(((units * 4) / 1e6) * 0.5, 2);
    expect(cost.lines.eventBridge).toBeCloseTo(units / 1e6, 2);
    expect(cost.lines.kms).toBeCloseTo(2 + ((288 * 30) / 1e4) * 0.03, 2);
    expect(cost.lines.cloudWatchAlarms).toBeCloseTo(8.3, 2);
    expect(cost.lines.secrets).toBeCloseTo(1.2, 2);
    const sum = Object.values(cost.lines).reduce((a, b) => a + b, 0);
    expect(cost.total).toBeCloseTo(sum, 1);
  });

  it('scales linearly in accounts apart from the fixed lines (keys, sequencer, schedules)', () => {
    const at = (accounts: number) => monthlyCost({ ...DEFAULT_DEPLOYMENT, accounts }, unit).total;
    const fixed = at(0);
    expect(fixed).toBeGreaterThan(2);
    expect(at(100) - fixed).toBeCloseTo(10 * (at(10) - fixed), 0);
  });

  it('reads per-unit figures from the benchmark, with AWS latency as a floor on the duration', () => {
    const u = unitFiguresFrom({
      planned: 100,
      handlerMsPerUnit: 300,
      apiCallsPerUnit: 12,
      collectOpsPerUnit: {
        's3:PUT object': 1,
        'dynamodb:GetItem': 1,
        'dynamodb:PutItem': 1,
        'sqs:SendMessage': 1,
        'events:PutEvents': 1,
      },
      sequenceOpsPerUnit: { 's3:GET object': 1, 's3:PUT object': 0.01, 'sqs:ReceiveMessage': 0.1 },
      dynamoItems: { ART: 100, LEAF: 100, NODE: 99, HEAD: 1, CHECKPOINT: 1, LATEST: 100 },
      bytesPerUnit: 1100,
    });
    expect(u.seconds).toBeCloseTo(12 * AWS_SECONDS_PER_CALL, 5);
    expect(u.s3Puts).toBeCloseTo(1.01, 5);
    expect(u.s3Gets).toBe(1);
    expect(u.dynamoWriteUnits).toBeCloseTo(1 + 2 * 2.99, 5);
    expect(u.sqsRequests).toBeCloseTo(0.1 + 2 + 1 + 0.1, 5);
    expect(u.bytesStored).toBe(1100);
    expect(unitFiguresFrom({ ...sample(), handlerMsPerUnit: 5000 }).seconds).toBe(5);
  });
});

function sample() {
  return {
    planned: 1,
    handlerMsPerUnit: 0,
    apiCallsPerUnit: 1,
    collectOpsPerUnit: {},
    sequenceOpsPerUnit: {},
    dynamoItems: {},
    bytesPerUnit: 0,
  };
}

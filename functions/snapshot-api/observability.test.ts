import { describe, expect, it } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { captureOutput } from '../../test/fixtures/idp/capture.js';
import { createMetrics } from '../observability.js';
import { emfDocuments, logLines } from '../observability-testing.js';
import { createSnapshotHandler } from './handler.js';
import type { ApiEvent } from '../http.js';

const context = { functionName: 'flux-snapshot-api', awsRequestId: 'lambda-req-1' } as Context;
const PLANTED = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.c2lnLXBsYW50ZWQtdmFsdWU';

describe('snapshot API observability', () => {
  it('counts a request without an IAM principal as RequestsDenied and logs it under the API request id', async () => {
    const metrics = createMetrics('flux-snapshot-api');
    const handler = createSnapshotHandler(() => {
      throw new Error('a denied request never reaches the service');
    }, metrics);
    const event = {
      requestContext: { requestId: 'api-req-42' },
      headers: { authorization: PLANTED },
      body: JSON.stringify({ engagement: 'acme-soc2-2026' }),
      isBase64Encoded: false,
    } as unknown as ApiEvent;

    const out = captureOutput();
    let status: number | undefined;
    try {
      status = (await handler(event, context)).statusCode;
    } finally {
      out.restore();
    }

    expect(status).toBe(403);
    expect(emfDocuments(out.text())).toEqual([
      expect.objectContaining({ service: 'flux-snapshot-api', RequestsDenied: 1 }),
    ]);
    expect(logLines(out.text())).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: 'request denied',
        reason: 'unknown-principal',
        correlation_id: 'api-req-42',
      }),
    ]);
    expect(out.text()).not.toContain('eyJhbGciOiJIUzI1NiJ9');
  });
});

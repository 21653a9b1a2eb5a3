import { describe, expect, it } from '@jest/globals';
import { parseAccessLog, parseAccessLogLine, snapshotDownloads, urlId } from './access-log.js';

const OWNER = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const SIG = 'c7a7f1f2b8d0d6c58c3b3e2e1b6a4f0f8d7e6c5b4a392817161514131211100f';
// The documented example line (AWS S3 User Guide, "Amazon S3 server access log format").
const DOC_EXAMPLE = `${OWNER} amzn-s3-demo-bucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 ${OWNER} 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /amzn-s3-demo-bucket1?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com TLSV1.2 arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP Yes`;
const KEY = 'snapshots/acme-2026-soc2/soc2-2017/2026-01-01_2026-03-31/20260401T090000Z-1a2b3c4d.zip';
const presignedGet = (status: number, sent: number | '-', time = '01/Apr/2026:11:15:02 +0200') =>
  `${OWNER} flux-evidence-123456789012 [${time}] 203.0.113.7 arn:aws:sts::123456789012:assumed-role/flux-snapshot-api/issuer 9D2F3A1B7C6E5D4F REST.GET.OBJECT ${encodeURIComponent(KEY).replace(/%2F/g, '/')} "GET /${KEY}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLE%2F20260401%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20260401T091000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=${SIG}&x-id=GetObject HTTP/1.1" ${status} - ${sent} 15728640 412 37 "-" "curl/8.5.0" - Yq4n0oYkPzJ8e6b0jLwT+Q2tZ0d1m1X2T3xM6Q0= SigV4 TLS_AES_128_GCM_SHA256 QueryString flux-evidence-123456789012.s3.eu-west-1.amazonaws.com TLSv1.3 - -`;

describe('parseAccessLogLine', () => {
  it('reads every field of the documented example line', () => {
    const r = parseAccessLogLine(DOC_EXAMPLE)!;
    expect(r).toMatchObject({
      bucketOwner: OWNER,
      bucket: 'amzn-s3-demo-bucket1',
      time: '2019-02-06T00:00:38.000Z',
      remoteIp: '192.0.2.3',
      requester: OWNER,
      requestId: '3E57427F3EXAMPLE',
      operation: 'REST.GET.VERSIONING',
      requestUri: 'GET /amzn-s3-demo-bucket1?versioning HTTP/1.1',
      httpStatus: 200,
      bytesSent: 113,
      totalTimeMs: 7,
      userAgent: 'S3Console/0.4',
      signatureVersion: 'SigV4',
      authenticationType: 'AuthHeader',
      tlsVersion: 'TLSV1.2',
      accessPointArn: 'arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP',
      aclRequired: 'Yes',
    });
    expect(r.key).toBeUndefined();
    expect(r.objectSize).toBeUndefined();
    expect(r.referer).toBeUndefined();
  });

  it('converts the time zone offset to UTC and URL-decodes the key', () => {
    const r = parseAccessLogLine(presignedGet(200, 15728640).replace('20260401T090000Z', 'a%20b'))!;
    expect(r.time).toBe('2026-04-01T09:15:02.000Z');
    expect(r.key).toContain('/a b');
  });

  it('reads older 18-field lines and skips blank or truncated ones', () => {
    const old = DOC_EXAMPLE.split(' ').slice(0, 20).join(' ');
    expect(parseAccessLogLine(old)?.versionId).toBeUndefined();
    expect(parseAccessLogLine('')).toBeUndefined();
    expect(parseAccessLogLine(`${OWNER} bucket [06/Feb/2019:00:00:38 +0000] 192.0.2.3`)).toBeUndefined();
    expect(parseAccessLogLine(DOC_EXAMPLE.replace('06/Feb/2019', '06/Foo/2019'))).toBeUndefined();
  });

  it('keeps quoted user agents with spaces and escaped quotes as one field', () => {
    const line = presignedGet(200, 15728640).replace(
      '"curl/8.5.0"',
      '"Mozilla/5.0 (X11; Linux) \\"quoted\\""',
    );
    expect(parseAccessLogLine(line)!.userAgent).toBe('Mozilla/5.0 (X11; Linux) "quoted"');
    expect(parseAccessLogLine(line)!.authenticationType).toBe('QueryString');
  });
});

describe('snapshotDownloads', () => {
  it('keeps REST.GET.OBJECT on snapshot keys, with completeness and the URL id', () => {
    const text = [
      DOC_EXAMPLE,
      presignedGet(200, 15728640),
      presignedGet(206, 1048576),
      presignedGet(403, '-'),
      '',
    ].join('\n');
    const downloads = snapshotDownloads(parseAccessLog(text));
    expect(downloads).toHaveLength(3);
    expect(downloads.map((d) => d.complete)).toEqual([true, false, false]);
    expect(downloads[0]).toMatchObject({
      snapshotKey: KEY,
      engagement: 'acme-2026-soc2',
      requester: 'arn:aws:sts::123456789012:assumed-role/flux-snapshot-api/issuer',
      remoteIp: '203.0.113.7',
      httpStatus: 200,
      urlId: urlId(`?X-Amz-Signature=${SIG}`),
    });
    expect(downloads[2]!.bytesSent).toBeUndefined();
  });

  it('ignores evidence reads and other operations', () => {
    const evidence = presignedGet(200, 10).replaceAll(KEY, 'evidence/aws-s3-buckets/2026/04/01/x.json');
    const put = presignedGet(200, 10).replace('REST.GET.OBJECT', 'REST.PUT.OBJECT');
    expect(snapshotDownloads(parseAccessLog([evidence, put].join('\n')))).toEqual([]);
  });
});

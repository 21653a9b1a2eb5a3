import { createHash } from 'node:crypto';

/**
 * One record of an S3 server access log, in the documented field order (AWS S3 User Guide, "Amazon S3 server access
 * log format"). `-` becomes undefined; fields newer than a log line are simply absent.
 */
export interface AccessLogRecord {
  readonly bucketOwner: string;
  readonly bucket: string;
  /** ISO-8601 instant of the request. */
  readonly time: string;
  readonly remoteIp?: string;
  /** IAM ARN or canonical user id of the requester; for a presigned URL, the identity that signed it. */
  readonly requester?: string;
  readonly requestId: string;
  /** e.g. `REST.GET.OBJECT`. */
  readonly operation: string;
  /** The object key, URL-decoded. */
  readonly key?: string;
  readonly requestUri?: string;
  readonly httpStatus?: number;
  readonly errorCode?: string;
  readonly bytesSent?: number;
  readonly objectSize?: number;
  readonly totalTimeMs?: number;
  readonly turnAroundTimeMs?: number;
  readonly referer?: string;
  readonly userAgent?: string;
  readonly versionId?: string;
  readonly hostId?: string;
  readonly signatureVersion?: string;
  readonly cipherSuite?: string;
  /** `AuthHeader` or `QueryString` (a presigned URL). */
  readonly authenticationType?: string;
  readonly hostHeader?: string;
  readonly tlsVersion?: string;
  readonly accessPointArn?: string;
  readonly aclRequired?: string;
}

const TOKEN = /"((?:[^"\\]|\\.)*)"|\[([^\]]*)\]|(\S+)/g;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `06/Feb/2019:00:00:38 +0000` → ISO instant; undefined when malformed. */
function parseTime(s: string): string | undefined {
  const m = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(s);
  const month = m ? MONTHS.indexOf(m[2]!) : -1;
  if (!m || month < 0) return undefined;
  const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
  const t = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) - offset;
  return new Date(t).toISOString();
}

const opt = (v: string | undefined) => (v === undefined || v === '-' ? undefined : v);
const num = (v: string | undefined) => (opt(v) === undefined || !/^\d+$/.test(v!) ? undefined : Number(v));

/** Parses one log line; undefined for a blank or malformed line (fewer than the 18 fields every log has had). */
export function parseAccessLogLine(line: string): AccessLogRecord | undefined {
  const f: string[] = [];
  for (const m of line.trim().matchAll(TOKEN))
    f.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  if (f.length < 18) return undefined;
  const time = parseTime(f[2]!);
  if (!time) return undefined;
  const key = opt(f[7]);
  let decoded = key;
  try {
    decoded = key === undefined ? undefined : decodeURIComponent(key.replace(/\+/g, '%20'));
  } catch {
    decoded = key;
  }
  const record: Record<string, unknown> = {
    bucketOwner: f[0],
    bucket: f[1],
    time,
    remoteIp: opt(f[3]),
    requester: opt(f[4]),
    requestId: f[5],
    operation: f[6],
    key: decoded,
    requestUri: opt(f[8]),
    httpStatus: num(f[9]),
    errorCode: opt(f[10]),
    bytesSent: num(f[11]),
    objectSize: num(f[12]),
    totalTimeMs: num(f[13]),
    turnAroundTimeMs: num(f[14]),
    referer: opt(f[15]),
    userAgent: opt(f[16]),
    versionId: opt(f[17]),
    hostId: opt(f[18]),
    signatureVersion: opt(f[19]),
    cipherSuite: opt(f[20]),
    authenticationType: opt(f[21]),
    hostHeader: opt(f[22]),
    tlsVersion: opt(f[23]),
    accessPointArn: opt(f[24]),
    aclRequired: opt(f[25]),
  };
  for (const k of Object.keys(record)) if (record[k] === undefined) delete record[k];
  return record as unknown as AccessLogRecord;
}

/** Parses a log object's text (one record per line), skipping lines that are not records. */
export function parseAccessLog(text: string): AccessLogRecord[] {
  return text.split(/\r?\n/).flatMap((l) => parseAccessLogLine(l) ?? []);
}

/** A download of a snapshot, as the access log shows it. */
export interface SnapshotDownload {
  readonly snapshotKey: string;
  readonly engagement: string;
  readonly time: string;
  readonly requester?: string;
  readonly remoteIp?: string;
  readonly requestId: string;
  readonly httpStatus?: number;
  readonly bytesSent?: number;
  readonly objectSize?: number;
  /** True when the whole object was sent with a 200. */
  readonly complete: boolean;
  readonly authenticationType?: string;
  /** For presigned URLs: {@link urlId} of the URL used, matching the issuance record. */
  readonly urlId?: string;
}

/**
 * A short, non-secret id of a presigned URL: the first 16 hex of SHA-256 over its X-Amz-Signature. The signature
 * itself is a bearer secret until the URL expires, so evidence records only this id.
 */
export function urlId(urlOrQuery: string): string | undefined {
  const sig = /[?&]X-Amz-Signature=([0-9a-f]{64})/.exec(urlOrQuery)?.[1];
  return sig ? createHash('sha256').update(sig).digest('hex').slice(0, 16) : undefined;
}

/** The `REST.GET.OBJECT` requests for keys under `snapshots/<engagement>/`, as downloads. */
export function snapshotDownloads(records: readonly AccessLogRecord[]): SnapshotDownload[] {
  const out: SnapshotDownload[] = [];
  for (const r of records) {
    if (r.operation !== 'REST.GET.OBJECT' || !r.key) continue;
    const m = /^snapshots\/([a-z0-9-]{3,64})\/.+\.zip$/.exec(r.key);
    if (!m) continue;
    const id = r.requestUri ? urlId(r.requestUri) : undefined;
    const d: SnapshotDownload = {
      snapshotKey: r.key,
      engagement: m[1]!,
      time: r.time,
      requestId: r.requestId,
      complete: r.httpStatus === 200 && r.bytesSent !== undefined && r.bytesSent === r.objectSize,
      ...(r.requester ? { requester: r.requester } : {}),
      ...(r.remoteIp ? { remoteIp: r.remoteIp } : {}),
      ...(r.httpStatus !== undefined ? { httpStatus: r.httpStatus } : {}),
      ...(r.bytesSent !== undefined ? { bytesSent: r.bytesSent } : {}),
      ...(r.objectSize !== undefined ? { objectSize: r.objectSize } : {}),
      ...(r.authenticationType ? { authenticationType: r.authenticationType } : {}),
      ...(id ? { urlId: id } : {}),
    };
    out.push(d);
  }
  return out;
}

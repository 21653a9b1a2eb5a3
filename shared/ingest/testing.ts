/** A Prowler 5 OCSF Detection Finding record, as `prowler aws -M json-ocsf` writes it (trimmed to the usual keys). */
export function prowlerRecord(
  i: number,
  o: {
    check?: string;
    status?: 'PASS' | 'FAIL' | 'MANUAL';
    account?: string;
    time?: string;
    muted?: boolean;
  } = {},
): Record<string, unknown> {
  const account = o.account ?? '111111111111';
  const check = o.check ?? 'iam_root_mfa_enabled';
  return {
    message: `finding ${i}`,
    metadata: {
      event_code: check,
      product: { name: 'Prowler', uid: 'prowler', vendor_name: 'Prowler', version: '5.46.0' },
      profiles: ['cloud', 'datetime'],
      tenant_uid: '',
      version: '1.5.0',
    },
    severity_id: 4,
    severity: 'High',
    status: o.muted ? 'Suppressed' : 'New',
    status_code: o.status ?? 'PASS',
    status_detail: `detail ${i}`,
    status_id: o.muted ? 3 : 1,
    unmapped: { related_url: '', categories: [], compliance: {} },
    activity_name: 'Create',
    activity_id: 1,
    finding_info: {
      created_time: 1_800_000_000,
      desc: 'desc',
      title: `${check} title`,
      types: [],
      uid: `prowler-aws-${check}-${account}-us-east-1-res${i}`,
    },
    resources: [
      {
        cloud_partition: 'aws',
        region: 'us-east-1',
        name: `res${i}`,
        type: 'Other',
        uid: `arn:aws:iam::${account}:res${i}`,
        labels: [],
        data: {},
      },
    ],
    category_name: 'Findings',
    category_uid: 2,
    class_name: 'Detection Finding',
    class_uid: 2004,
    cloud: {
      account: { name: '', type: 'AWS Account', type_id: 10, uid: account, labels: [] },
      provider: 'aws',
      region: 'us-east-1',
    },
    time: Math.floor(Date.parse(o.time ?? '2026-03-01T10:00:00Z') / 1000),
    time_dt: o.time ?? '2026-03-01T10:00:00Z',
    type_uid: 200401,
    type_name: 'Detection Finding: Create',
  };
}

/** Splits a string into chunks of `size` bytes, as a file stream would hand them over. */
export async function* chunked(text: string, size = 7): AsyncGenerator<Buffer> {
  const buf = Buffer.from(text, 'utf8');
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

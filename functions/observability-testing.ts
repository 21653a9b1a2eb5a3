/** One EMF document as Powertools Metrics prints it (the parts the tests read). */
export interface EmfDocument {
  readonly _aws: {
    readonly CloudWatchMetrics: ReadonlyArray<{
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: ReadonlyArray<{ readonly Name: string; readonly Unit: string }>;
    }>;
  };
  readonly [key: string]: unknown;
}

/** The JSON objects among captured output lines (Powertools writes one JSON document per line). */
function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The EMF documents (lines with an `_aws` key) in captured output. */
export function emfDocuments(text: string): EmfDocument[] {
  return jsonLines(text).filter((d): d is EmfDocument => typeof d._aws === 'object' && d._aws !== null);
}

/** The log lines (lines with a `message`) in captured output. */
export function logLines(text: string): Record<string, unknown>[] {
  return jsonLines(text).filter((d) => typeof d.message === 'string');
}

/** Metric name → value over EMF documents (values of a name recorded more than once are summed). */
export function metricValues(docs: readonly EmfDocument[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of docs)
    for (const m of d._aws.CloudWatchMetrics.flatMap((c) => c.Metrics)) {
      const v = d[m.Name];
      const sum = Array.isArray(v) ? (v as number[]).reduce((a, b) => a + b, 0) : Number(v);
      out[m.Name] = (out[m.Name] ?? 0) + sum;
    }
  return out;
}

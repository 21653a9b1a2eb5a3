import type { AdvancedEventSelector, EventSelector } from '@aws-sdk/client-cloudtrail';
import type { ManagementEvents } from './schema.js';

type ReadWrite = 'All' | 'ReadOnly' | 'WriteOnly';

/** Reads which management events a trail captures from its classic or advanced event selectors. */
export function managementEvents(
  classic: readonly EventSelector[] | undefined,
  advanced: readonly AdvancedEventSelector[] | undefined,
): ManagementEvents {
  if (advanced?.length) {
    const coverages: ReadWrite[] = [];
    const excluded = new Set<string>();
    for (const sel of advanced) {
      const fields = sel.FieldSelectors ?? [];
      const category = fields.find((f) => f.Field === 'eventCategory');
      if (!category?.Equals?.includes('Management')) continue;
      const readOnly = fields.find((f) => f.Field === 'readOnly');
      const ro = readOnly?.Equals ?? [];
      coverages.push(ro.length === 1 ? (ro[0] === 'true' ? 'ReadOnly' : 'WriteOnly') : 'All');
      for (const src of fields.find((f) => f.Field === 'eventSource')?.NotEquals ?? []) excluded.add(src);
    }
    return {
      selectorKind: 'advanced',
      included: coverages.length > 0,
      readWriteType: widest(coverages),
      excludedEventSources: [...excluded].sort(),
    };
  }
  if (classic?.length) {
    const including = classic.filter((s) => s.IncludeManagementEvents !== false);
    const excluded = new Set(including.flatMap((s) => s.ExcludeManagementEventSources ?? []));
    return {
      selectorKind: 'classic',
      included: including.length > 0,
      readWriteType: widest(including.map((s) => (s.ReadWriteType ?? 'All') as ReadWrite)),
      excludedEventSources: [...excluded].sort(),
    };
  }
  return { selectorKind: 'none', included: false, readWriteType: null, excludedEventSources: [] };
}

function widest(coverages: ReadWrite[]): ReadWrite | null {
  if (coverages.length === 0) return null;
  if (coverages.includes('All') || (coverages.includes('ReadOnly') && coverages.includes('WriteOnly')))
    return 'All';
  return coverages[0]!;
}

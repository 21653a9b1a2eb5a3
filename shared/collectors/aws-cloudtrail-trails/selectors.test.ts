import { describe, expect, it } from '@jest/globals';
import { managementEvents } from './selectors.js';

describe('managementEvents', () => {
  it('reads classic selectors, defaulting IncludeManagementEvents to true', () => {
    expect(managementEvents([{ ReadWriteType: 'All' }], undefined)).toEqual({
      selectorKind: 'classic',
      included: true,
      readWriteType: 'All',
      excludedEventSources: [],
    });
    expect(
      managementEvents(
        [
          {
            ReadWriteType: 'WriteOnly',
            IncludeManagementEvents: true,
            ExcludeManagementEventSources: ['kms.amazonaws.com'],
          },
        ],
        [],
      ),
    ).toEqual({
      selectorKind: 'classic',
      included: true,
      readWriteType: 'WriteOnly',
      excludedEventSources: ['kms.amazonaws.com'],
    });
  });

  it('reports a classic selector that excludes management events as not included', () => {
    expect(
      managementEvents([{ ReadWriteType: 'All', IncludeManagementEvents: false }], undefined),
    ).toMatchObject({
      included: false,
      readWriteType: null,
    });
  });

  it('combines ReadOnly and WriteOnly selectors into All', () => {
    expect(
      managementEvents([{ ReadWriteType: 'ReadOnly' }, { ReadWriteType: 'WriteOnly' }], undefined)
        .readWriteType,
    ).toBe('All');
  });

  it('reads advanced selectors on eventCategory Management, with readOnly and excluded sources', () => {
    const mgmt = { Field: 'eventCategory', Equals: ['Management'] };
    expect(
      managementEvents(undefined, [
        { FieldSelectors: [mgmt, { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }] },
      ]),
    ).toEqual({
      selectorKind: 'advanced',
      included: true,
      readWriteType: 'All',
      excludedEventSources: ['kms.amazonaws.com'],
    });
    expect(
      managementEvents(undefined, [{ FieldSelectors: [mgmt, { Field: 'readOnly', Equals: ['false'] }] }]),
    ).toMatchObject({
      readWriteType: 'WriteOnly',
    });
    expect(
      managementEvents(undefined, [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }]),
    ).toMatchObject({
      selectorKind: 'advanced',
      included: false,
      readWriteType: null,
    });
  });

  it('reports a trail without selectors as capturing nothing', () => {
    expect(managementEvents(undefined, undefined)).toEqual({
      selectorKind: 'none',
      included: false,
      readWriteType: null,
      excludedEventSources: [],
    });
  });
});

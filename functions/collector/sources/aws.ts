import type { SourceBuilder } from './types.js';

/** AWS collectors need no extras: their SDK clients come from the run's connection. */
export const awsSource: SourceBuilder = async () => ({ extras: {} });

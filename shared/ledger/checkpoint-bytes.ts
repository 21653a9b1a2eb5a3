import { canonicalBytes } from '../evidence/canonical.js';
import type { Checkpoint } from './types.js';

/**
 * The exact bytes a checkpoint signature covers: RFC 8785 canonical JSON of the body. A module of its own so
 * that writers (the ledgers) can sign without loading the verifier's schemas.
 */
export function checkpointBytes(checkpoint: Checkpoint): Buffer {
  return canonicalBytes({ ...checkpoint });
}

/** Archive paths of manual evidence in a snapshot (shared by the builder and the verifier). */

/** A statement's bytes (its log leaf). */
export const statementPath = (sha256: string) => `manual/statements/${sha256}.json`;
/** A statement's inclusion proof (apart from the artifacts' proofs/inclusion/). */
export const manualProofPath = (sha256: string) => `proofs/manual/${sha256}.json`;
/** A document file, named by its SHA-256 and extension as in the store. */
export const documentPath = (storeKey: string) => `manual/files/${storeKey.split('/').pop()!}`;

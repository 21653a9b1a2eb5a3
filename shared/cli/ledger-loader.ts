// The loader moved to shared/mapping so the collector Lambda can read every stored artifact too.
export { LedgerEvidenceLoader } from '../store/ledger-evidence-loader.js';

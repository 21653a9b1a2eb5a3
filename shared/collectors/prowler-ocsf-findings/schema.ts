export {
  ProwlerScanSchema as schema,
  type ProwlerScan as ProwlerFindingsData,
} from '../../ingest/prowler-ocsf.js';

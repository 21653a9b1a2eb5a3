export { ProwlerScanSchema as schema } from '../../ingest/prowler-ocsf.js';

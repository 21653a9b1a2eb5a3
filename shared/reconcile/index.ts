export { reconcileAccess, type ReconcileOptions } from './reconcile.js';
export {
  IDENTITY_COLLECTORS,
  IDP_COLLECTORS,
  parseIdentitySources,
  type IdentitySourceInput,
  type IdentitySources,
  type ParsedSource,
  type SourceProblem,
} from './sources.js';
export { loadIdentitySources } from './load.js';

import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { signedFetch, type ApiAnswer } from '../access/api-client.js';
import { AccessDeniedError, DependencyError, ValidationError } from '../errors.js';
import { sha256Hex } from '../evidence/canonical.js';
import type { StatementOf } from '../ledger/leaf.js';
import { readEvidenceFile, type AddEvidenceInput, type ManualDeps } from './add.js';
import type { Appended, PersonStatement } from './log.js';

/** The deployment's upload API (POST routes of the HTTP API, IAM authorization). */
export type ManualApi = (path: string, body: unknown) => Promise<ApiAnswer>;

/** The upload API at `endpoint`, signing each request with the caller's AWS credentials. */
export function manualApi(
  endpoint: string,
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider,
  region: string,
): ManualApi {
  return (path, body) => signedFetch(endpoint, credentials, 'POST', path, body, region);
}

/** The API's answer as a statement handed to the log, or its refusal as the matching error. */
function answerOf<S extends PersonStatement>(what: string, a: ApiAnswer): Appended<S> {
  const error = a.body.error as { message?: string; reason?: string; issues?: string[] } | undefined;
  if (a.status === 400) throw new ValidationError(what, error?.issues?.length ? error.issues : ['refused']);
  if (a.status === 403)
    throw new AccessDeniedError(
      error?.reason ?? 'forbidden',
      `${what}: ${error?.message ?? String(a.body.message ?? 'forbidden (IAM authorization)')}`,
    );
  if (a.status !== 201)
    throw new DependencyError(what, `HTTP ${a.status}: ${error?.message ?? JSON.stringify(a.body)}`);
  const b = a.body as { id: string; key: string; statement: S; index?: number };
  return {
    id: b.id,
    key: b.key,
    statement: b.statement,
    ...(b.index === undefined ? {} : { index: b.index }),
  };
}

/**
 * `evidence add` against a deployment: every input is checked here first (nothing is uploaded for bad input),
 * then the API presigns a create-only PUT for the declared size and SHA-256, the file is PUT with exactly the
 * signed headers (`If-None-Match: *` among them), and the API reads it back, checks it and queues its statement.
 */
export async function uploadEvidence(
  api: ManualApi,
  deps: Pick<ManualDeps, 'frameworks' | 'controls' | 'clock'>,
  input: AddEvidenceInput,
): Promise<Appended<StatementOf<'manual'>>> {
  const { fileName, bytes } = await readEvidenceFile(deps, input);
  const declared = { fileName, size: bytes.length, sha256: sha256Hex(bytes) };
  const presigned = await api('/manual/uploads', declared);
  if (presigned.status !== 201) answerOf('evidence upload', presigned);
  const { url, headers } = presigned.body as { url: string; headers: Record<string, string> };
  const put = await fetch(url, { method: 'PUT', body: bytes, headers });
  // 412: this very file (same SHA-256, same key) is already stored; the completion step checks it.
  if (!put.ok && put.status !== 412)
    throw new DependencyError('evidence upload', `PUT of ${fileName} answered HTTP ${put.status}`);
  // The uploader is the caller's IAM identity (the API records it as addedBy), never a name sent along.
  const { file: _file, addedBy: _by, ...doc } = input;
  return answerOf('evidence add', await api('/manual/evidence', { ...declared, ...doc }));
}

/** `evidence approve` against a deployment: the approver is the caller's IAM identity. */
export async function approveRemote(
  api: ManualApi,
  input: { readonly id: string; readonly note?: string },
): Promise<Appended<StatementOf<'approval'>>> {
  return answerOf('evidence approve', await api('/manual/approvals', input));
}

/** `exception add` against a deployment. */
export async function exceptionRemote(
  api: ManualApi,
  input: { control: string; resource?: string; reason: string; owner: string; expires: string },
): Promise<Appended<StatementOf<'exception'>>> {
  return answerOf('exception add', await api('/manual/exceptions', input));
}

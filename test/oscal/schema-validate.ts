import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** NIST's published OSCAL 1.2.3 complete JSON Schema (all models), vendored unmodified: see nist/README.md. */
const OSCAL_SCHEMA_PATH = new URL('./nist/oscal_complete_schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

/** The compiled schema validator (ajv, draft-07, Unicode patterns as the schema's `\p{L}` needs). */
function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: true });
  // ajv-formats ships CommonJS with `exports.default`.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
    a: Ajv,
  ) => void;
  addFormats(ajv);
  compiled = ajv.compile(JSON.parse(readFileSync(OSCAL_SCHEMA_PATH, 'utf8')) as object);
  return compiled;
}

/** Problems found validating one OSCAL JSON document against the NIST schema (empty when valid). */
export function oscalSchemaProblems(doc: unknown): string[] {
  const validate = validator();
  if (validate(doc)) return [];
  // The root is a oneOf over the models: keep the errors under the document's own model.
  const model = doc && typeof doc === 'object' ? Object.keys(doc).find((k) => k !== '$schema') : undefined;
  const errors = (validate.errors ?? []).filter((e) => !model || e.instancePath.startsWith(`/${model}`));
  const shown = errors.length ? errors : (validate.errors ?? []);
  return [...new Set(shown.map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`))].slice(0, 50);
}

import * as z from 'zod';
import { FluxConfigSchema } from './schema.js';

/** JSON Schema of flux.config.json (input form: defaults are optional), for editors. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(FluxConfigSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Flux Evidence configuration',
  };
}

// The one esbuild configuration of every Flux Lambda function. infra/constructs/flux-function.ts bundles each
// function with it (through infra/bundling/cli.ts) and bench/bundles.ts measures exactly the same output.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';

/** The file names a function's code directory holds; the Lambda handler is `index.handler`. */
const BUNDLE_FILE = 'index.mjs';
export const LAMBDA_HANDLER = 'index.handler';

/**
 * esbuild settings: ESM for Node 22 with a `require` shim (some CommonJS dependencies require Node built-ins),
 * minified, with an external source map (no sources inlined). The AWS SDK is bundled, not taken from the
 * runtime, so Lambda runs exactly the versions the lock file pins and the tests exercise.
 */
export const FLUX_ESBUILD: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __fluxRequire } from 'node:module'; const require = __fluxRequire(import.meta.url);",
  },
};

/** The generated schema modules of AWS SDK v3 clients (`dist-es/schemas/schemas_0.js`). */
const SDK_SCHEMA_MODULE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;
const STRING_CONST = /^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm;
const COMPUTED_KEY = /\[(_\w+)\]:/g;

/**
 * Rewrites the computed keys of an SDK schema module (`{ [_xN]: _RN }`, where `const _xN = "xmlName"`) to the
 * equal literal keys (`{ "xmlName": _RN }`). The object is the same; the difference is that esbuild can prove
 * a literal key free of side effects, so every schema no command uses is tree-shaken. With computed keys each
 * unused schema is kept: @aws-sdk/client-ec2 alone then adds ~550 KB, and S3 keeps all ~100 operations.
 * Keys whose name is not a module-level string constant are left as they are.
 */
export function literalSchemaKeys(source: string): { code: string; rewritten: number } {
  const consts = new Map<string, string>();
  for (const m of source.matchAll(STRING_CONST)) consts.set(m[1]!, m[2]!);
  let rewritten = 0;
  const code = source.replace(COMPUTED_KEY, (whole, id: string) => {
    const literal = consts.get(id);
    if (literal === undefined) return whole;
    rewritten++;
    return `${literal}:`;
  });
  return { code, rewritten };
}

/** The esbuild plugin applying {@link literalSchemaKeys} to every SDK client's schema modules. */
export const sdkSchemaKeys: Plugin = {
  name: 'flux-sdk-schema-keys',
  setup(b) {
    b.onLoad({ filter: SDK_SCHEMA_MODULE }, async (args) => ({
      contents: literalSchemaKeys(await readFile(args.path, 'utf8')).code,
      loader: 'js',
    }));
  },
};

/** The AWS SDK v3 and Smithy runtime modules (`@aws-sdk/*`, `@smithy/*`). */
const SDK_RUNTIME_MODULE = /[\\/]node_modules[\\/]@(?:aws-sdk|smithy)[\\/].+\.js$/;
const DYNAMIC_IMPORT = /\bimport\(\s*"([^"\n]+)"\s*\)/g;

/**
 * Turns an SDK module's dynamic imports of packages (`await import("@aws-sdk/credential-provider-env")`) into
 * static namespace imports resolved the same way (`Promise.resolve(ns)`). In a bundle a dynamic import saves
 * nothing (the code is in the file either way), but esbuild must wrap every module reachable from one in a lazy
 * initialiser, and wrapped modules are not tree-shaken: the credential providers and nested clients pull most
 * of @smithy/core into that state. Made static, the bundle is smaller and initialises faster (bench/bundles.ts).
 */
export function staticSdkImports(source: string): { code: string; rewritten: number } {
  const imports: string[] = [];
  const code = source.replace(DYNAMIC_IMPORT, (_whole, specifier: string) => {
    const id = `__fluxStatic${imports.length}`;
    imports.push(`import * as ${id} from ${JSON.stringify(specifier)};`);
    return `Promise.resolve(${id})`;
  });
  return { code: imports.length ? `${imports.join('\n')}\n${code}` : code, rewritten: imports.length };
}

/**
 * The esbuild plugin applying {@link staticSdkImports} to the SDK's own modules (listed after
 * {@link sdkSchemaKeys}, which owns the schema modules; those hold no dynamic imports).
 */
const sdkStaticImports: Plugin = {
  name: 'flux-sdk-static-imports',
  setup(b) {
    b.onLoad({ filter: SDK_RUNTIME_MODULE }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import(')) return undefined;
      const { code, rewritten } = staticSdkImports(source);
      return rewritten ? { contents: code, loader: 'js' } : undefined;
    });
  },
};

/** Bundles one handler entry into `outdir/index.mjs` (+ `.map`); returns the bundle's path. */
export async function bundleFunction(entry: string, outdir: string): Promise<string> {
  const outfile = join(outdir, BUNDLE_FILE);
  await build({
    ...FLUX_ESBUILD,
    entryPoints: [entry],
    outfile,
    plugins: [sdkSchemaKeys, sdkStaticImports],
  });
  return outfile;
}

import { existsSync, readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { build } from 'esbuild';
import {
  FLUX_ESBUILD,
  literalSchemaKeys,
  sdkSchemaKeys,
  staticSdkImports,
} from '../../../infra/bundling/esbuild.js';
import { cdkJsonContext } from '../../../infra/build.js';
import { FluxFunction, REPO_ROOT } from '../../../infra/constructs/flux-function.js';

describe('literalSchemaKeys', () => {
  const source = [
    'const _xN = "xmlName";',
    'const _e = "error";',
    'export var A$ = [3, n0, "A", { [_xN]: "Item", [_e]: "client", [other]: 1 }];',
  ].join('\n');

  it('rewrites computed keys that name module-level string constants, and only those', () => {
    const { code, rewritten } = literalSchemaKeys(source);
    expect(rewritten).toBe(2);
    expect(code).toContain('{ "xmlName": "Item", "error": "client", [other]: 1 }');
  });

  it('leaves the object equal to the original', () => {
    const evaluate = (js: string) =>
      new Function('n0', 'other', `${js.replace('export var', 'var')}; return A$;`)('n0', 'k') as unknown;
    expect(evaluate(literalSchemaKeys(source).code)).toEqual(evaluate(source));
  });
});

describe('staticSdkImports', () => {
  it('turns each dynamic import of a string specifier into a static namespace import, resolved alike', () => {
    const source = [
      'export const fromEnv = async () => (await import("@aws-sdk/credential-provider-env")).fromEnv();',
      'const lazy = () => import("./loadSso");',
      'const notAnImport = reimport("x");',
    ].join('\n');
    const { code, rewritten } = staticSdkImports(source);
    expect(rewritten).toBe(2);
    expect(code.split('\n').slice(0, 2)).toEqual([
      'import * as __fluxStatic0 from "@aws-sdk/credential-provider-env";',
      'import * as __fluxStatic1 from "./loadSso";',
    ]);
    expect(code).toContain('(await Promise.resolve(__fluxStatic0)).fromEnv()');
    expect(code).toContain('const lazy = () => Promise.resolve(__fluxStatic1);');
    expect(code).toContain('reimport("x")');
  });

  it('leaves a module without dynamic imports untouched', () => {
    expect(staticSdkImports('export const a = 1;')).toEqual({ code: 'export const a = 1;', rewritten: 0 });
  });
});

describe('sdkSchemaKeys plugin', () => {
  const bundleBytes = async (plugins: (typeof sdkSchemaKeys)[]) => {
    const r = await build({
      ...FLUX_ESBUILD,
      sourcemap: false,
      write: false,
      outfile: 'out.mjs',
      plugins,
      stdin: {
        contents: "export { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';",
        resolveDir: REPO_ROOT,
        loader: 'ts',
      },
    });
    return r.outputFiles[0]!.contents;
  };

  it('lets esbuild drop the schemas of EC2 operations a function does not call', async () => {
    const [without, withPlugin] = [await bundleBytes([]), await bundleBytes([sdkSchemaKeys])];
    const text = Buffer.from(withPlugin).toString('utf8');
    expect(text).toContain('DescribeRegions');
    expect(text).not.toContain('DescribeSecurityGroups');
    // Every EC2 schema without the plugin; DescribeRegions' alone with it.
    expect(Buffer.from(without).toString('utf8')).toContain('DescribeSecurityGroups');
    expect(withPlugin.length).toBeLessThan(without.length / 2);
  }, 120_000);
});

describe('FluxFunction bundling (cdk synth with bundling)', () => {
  it('bundles each function into its own asset holding index.mjs and its source map only', () => {
    const app = new App({ context: cdkJsonContext() });
    const stack = new Stack(app, 'BundlingTest', { env: { account: '111111111111', region: 'eu-west-1' } });
    const encryptionKey = new kms.Key(stack, 'Key');
    for (const [id, entry] of [
      ['Alerts', 'functions/alerts/handler.ts'],
      ['Gap', 'functions/evidence-gap/handler.ts'],
    ] as const)
      new FluxFunction(stack, id, { entry, description: id, encryptionKey });
    const assembly = app.synth();

    const fns = Object.values(
      Template.fromStack(stack).findResources('AWS::Lambda::Function') as Record<
        string,
        { Properties: { Handler: string; Code: { S3Key: string } } }
      >,
    );
    expect(fns.map((f) => f.Properties.Handler)).toEqual(['index.handler', 'index.handler']);
    const keys = fns.map((f) => f.Properties.Code.S3Key);
    expect(new Set(keys).size).toBe(2);
    for (const key of keys) {
      const dir = `${assembly.directory}/asset.${key.replace(/\.zip$/, '')}`;
      expect(existsSync(dir)).toBe(true);
      expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
      // 1 MiB per function. The evidence-gap function carries the S3 client besides (it re-reads stored evidence to
      // turn a stopped collector's controls UNKNOWN, and reads manual evidence dates), so its ceiling is 1.25 MiB.
      expect(statSync(`${dir}/index.mjs`).size).toBeLessThan(1_310_720);
    }
  }, 180_000);
});

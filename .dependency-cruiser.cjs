/* global module */
// The layer rules of docs/CONTRIBUTING.md ("Layers"), checked by `npm run arch` in CI.
// Each rule's name is the one the doc uses. Known exceptions are listed per rule with their reason.
const DOMAIN = '^(shared/(evidence|ledger|mapping|window|rules|reconcile)|frameworks)/';
const ADAPTERS = '^shared/(store|locker|kernel|collectors|sources)/';
const SDK = '^node_modules/(@aws-sdk|@smithy|@octokit|better-sqlite3)';
// Tests, test helpers (testing/ folders, test-*.ts), benchmarks, and the CI-only OSCAL validator (it reads the NIST
// schema kept under test/oscal): none of them ships.
const TESTS =
  '(^test/|^bench/|\\.test\\.ts$|/testing/|-testing\\.ts$|test-fixtures\\.ts$|/test-[a-z-]+\\.ts$|^scripts/validate-oscal\\.ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-shipped-test-imports',
      comment: 'Shipped code (everything but tests, test helpers and benchmarks) never imports test/.',
      severity: 'error',
      from: { pathNot: TESTS },
      to: { path: '^test/' },
    },
    {
      name: 'functions-independent',
      comment: "A Lambda handler never imports another function's folder; event contracts live in shared/.",
      severity: 'error',
      from: { path: '^functions/([^/]+)/', pathNot: TESTS },
      to: { path: '^functions/([^/]+)/', pathNot: '^functions/$1/' },
    },
    {
      name: 'domain-pure',
      comment:
        'The domain (evidence, ledger, mapping, window, rules, reconcile, frameworks) imports no adapter, use case, SDK client or entry point.',
      severity: 'error',
      from: { path: DOMAIN, pathNot: TESTS },
      // A collector's schema.ts is the evidence data contract its rules read: domain, not adapter code.
      to: {
        // shared/store/types.ts is the evidence store's port (interfaces only), which the domain may name.
        pathNot: ['^shared/collectors/[^/]+/schema\\.ts$', '^shared/store/types\\.ts$'],
        path: [
          ADAPTERS,
          SDK,
          '^shared/(usecases|access|snapshot|alerts|cli|demo)/',
          '^functions/',
          '^infra/',
        ],
      },
    },
    {
      name: 'adapters-below-use-cases',
      comment: 'Adapters (storage, collectors, sources) never import use cases or entry points.',
      severity: 'error',
      from: { path: ADAPTERS, pathNot: TESTS },
      to: { path: ['^shared/(usecases|access|snapshot|alerts|cli|demo)/', '^functions/', '^infra/'] },
    },
    {
      name: 'shared-not-above',
      comment: 'shared/ never imports functions/, infra/ or bin/: handlers and infra sit on top of it.',
      severity: 'error',
      from: { path: '^shared/', pathNot: TESTS },
      to: { path: ['^functions/', '^infra/', '^bin/'] },
    },
    {
      name: 'infra-no-handler-code',
      comment: 'infra/ reads metadata and constants, never handler code (bundles are built from entries).',
      severity: 'error',
      from: { path: '^infra/', pathNot: TESTS },
      to: { path: '^functions/.+/(handler|deps|process)\\.ts$' },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles (a cycle made only of `import type` disappears at compile time and is allowed).',
      severity: 'error',
      from: { pathNot: TESTS },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^node_modules|^cdk\\.out|^demo-output|^dist)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
  },
};

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'cdk.out',
      '.venv',
      '.moto-venv',
      '.bench-venv',
      '.checkov-venv',
      '.oscal-venv',
      'demo-output',
      'coverage',
      'bench/out',
      '.bounds-cli',
      '.stryker-tmp',
      'reports',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportDefaultDeclaration',
          message: 'Named exports only (docs/CONTRIBUTING.md, house style 18).',
        },
      ],
    },
  },
  // Jest's globalSetup/teardown and config files must have a default export.
  { files: ['*.config.js', 'test/harness/*.mjs'], rules: { 'no-restricted-syntax': 'off' } },
  // The RFC 8785 test vectors are written exactly as the RFC prints them.
  {
    files: ['shared/evidence/artifact.test.ts'],
    rules: { 'no-loss-of-precision': 'off', 'no-useless-escape': 'off' },
  },
);

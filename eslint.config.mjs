// ESLint flat config: type-checked rules over all TypeScript (sources and tests).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layoutPlugin } from './eslint.layers.mjs';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '**/dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      'vitest.config.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The portal: its own TypeScript project (DOM, JSX, bundler resolution).
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { project: './web/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    plugins: { layout: layoutPlugin },
    rules: { 'layout/import-direction': 'error' },
  },
  {
    // The composition root alone builds services; triggers map input and output and hold no SQL.
    files: ['functions/**/*.ts', 'orchestrations/**/*.ts', 'shared/**/*.ts'],
    ignores: ['functions/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/shared/platform/config'],
              importNames: ['parseConfig'],
              message: 'Only functions/index.ts reads the settings; take what you need as a parameter.',
            },
            {
              group: ['**/platform/db/database', '**/db/database'],
              importNames: ['createDatabase', 'openDatabase'],
              message: 'Only functions/index.ts opens the database; take db as a parameter.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/**/*.ts', 'orchestrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kysely',
              importNames: ['sql'],
              message: 'No SQL in triggers: call a use case or a query in shared/.',
            },
          ],
          patterns: [{ group: ['pg'], message: 'No SQL in triggers.' }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)$/]',
          message: 'No SQL in triggers: call a use case or a query in shared/.',
        },
      ],
    },
  },
);

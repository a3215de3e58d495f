// One linter for the whole repo: typed rules, with the promise rules a streaming server needs; the
// server's dependency direction (docs/architecture.md) and no import cycles; React's hook rules.
import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { serverBoundaries } from './scripts/lint-boundaries.mjs';

const root = import.meta.dirname;

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/dist-*/**',
      '**/.next-*/**',
      '**/.next/**',
      '**/.fixtures*/**',
      'apps/server/src/db/generated/**',
      'apps/web/next-env.d.ts',
      'prisma/**',
      'prisma.config.ts',
      '**/test-results*/**',
      '**/playwright-report*/**',
      '**/.data*/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // TypeScript imports name the emitted file (`./x.js` for x.ts); the web app's `@/` is its src/
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      // dependencies are parsed too (for no-cycle), with the TypeScript parser
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
          extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
          conditionNames: ['types', 'import', 'default'],
          alias: { '@': [path.join(root, 'apps/web/src')] },
        }),
      ],
    },
    rules: {
      // types included: a cycle of types still ties two modules' meaning together
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // subsystems of the server import only downwards (doors -> commands -> afs/vss -> db)
    files: ['apps/server/src/**/*.ts'],
    // a test may put several subsystems together (a sender fed by a real stream engine)
    ignores: ['**/*.test.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: serverBoundaries }],
    },
  },
  {
    files: ['apps/web/src/**/*.tsx', 'apps/web/src/**/*.ts'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
      // says only that the React Compiler would skip a component; the app does not use it
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    // settings come from the environment in the config modules only, so every setting is in one
    // place, validated and documented
    files: ['apps/server/src/**/*.ts', 'apps/server/bin/**/*.ts', 'apps/web/src/**/*.{ts,tsx}'],
    ignores: [
      '**/*.test.ts',
      'apps/server/src/config.ts',
      'apps/server/src/config-options.ts',
      'apps/server/src/transports/tcp/client-options.ts',
      'apps/web/src/lib/config.ts',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'read settings in a config module (config.ts, client-options.ts, lib/config.ts)',
        },
      ],
    },
  },
  {
    // tests often use async callbacks uniformly, awaiting or not
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
    },
    // plain JS scripts run on Node; TypeScript's checker is not there to back no-undef
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'no-undef': 'off' },
  },
);

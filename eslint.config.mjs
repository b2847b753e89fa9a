// ESLint flat config (issue 10). `npm run lint` runs it with --max-warnings=0.
import js from '@eslint/js';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', '.data/', 'schema/', 'operations/__generated__/', 'coverage/', 'bench/results/', '.scratch/',
      // The audit's suites as upstream wrote them (vendor/federation-gateway-audit/README.md); the adapters beside them are linted.
      'vendor/federation-gateway-audit/test-suites/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // TypeScript: everything tsconfig.json includes (sources, tests, bench, scripts, examples), type-checked.
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Off: it reports ~110 async functions with no await, nearly all implementations of Promise-returning
      // interfaces (resolvers, providers, stores, fakes). Dropping `async` turns a rejected promise into a
      // synchronous throw and changes return types, a behaviour change this mechanical pass must not make.
      '@typescript-eslint/require-await': 'off',
      // Off: every finding is a deliberate `String(x)` of an untyped provider or JSON value (error codes, form
      // fields), where changing the conversion would change what the code reports.
      '@typescript-eslint/no-base-to-string': 'off',
      // `_`-prefixed names are deliberately unused: parameters an interface requires, and fields dropped with a
      // rest destructure (`const { stack: _stack, ...rest } = error`), the codebase's existing idiom.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true,
        },
      ],
      // Type imports and side-effect imports (`import 'reflect-metadata'`) are left where they are: moving a
      // side-effect import changes evaluation order.
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
          'newlines-between': 'ignore',
        },
      ],
    },
  },

  // Tests, their sandbox helpers (sandbox/**/testing.ts) and benchmarks (which drive the gateway like a client): GraphQL response bodies, parsed JSON and fake payloads are `any` by nature (`res.body.data.x.y`,
  // `JSON.parse(...)`, `jest.fn()` args); typing every assertion path would add noise, not safety, since the
  // assertions themselves check the shapes. Sources keep the no-unsafe-* and no-explicit-any rules.
  {
    files: ['test/**/*.ts', '**/*.test.ts', 'bench/**/*.ts', 'sandbox/**/testing.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Tests save a method to put it back after stubbing it (`const original = net.Socket.prototype.connect`).
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  // Node CommonJS helpers (jest.config.js, platform/register.js, platform/swc.js, scripts/build.js): plain JS.
  {
    files: ['**/*.js'],
    ignores: ['console/**'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },

  // The console's browser files: plain ES modules run by the browser, no type information.
  {
    files: ['console/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'module',
      // graphiql.html loads React, ReactDOM, GraphiQL and graphql-ws as <script> globals before graphiql.js.
      globals: { ...globals.browser, React: 'readonly', ReactDOM: 'readonly', GraphiQL: 'readonly', graphqlWs: 'readonly' },
    },
  },

  // graphiql.js is a classic <script> (graphiql.html), not a module.
  {
    files: ['console/graphiql.js'],
    languageOptions: { sourceType: 'script' },
  },
);

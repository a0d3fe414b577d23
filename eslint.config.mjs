// Lint: the recommended rules of ESLint and typescript-eslint on the tool's own code (tsc --noEmit
// already checks types and unused names). Fixtures, examples and recorded data are the users' side.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'lib/', '.tools/', '.scratch/', 'histories/', 'test/fixtures/', 'examples/', 'test-package/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` is a value left out on purpose (a destructured field, an unused callback argument).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      // Escaping code matches control characters on purpose (src/report/escape.ts and its tests).
      'no-control-regex': 'off',
      // Every error ends as one line (`fault-replay: …`): a cause is folded into the message, never chained.
      'preserve-caught-error': 'off',
      // The team's modules (workflows, activities, probes, --results) and the SDK's optional parts load at run time, by require, as a worker loads them.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'test-package/**/*.ts'],
    rules: {
      // chai's property assertions (`expect(x).to.be.true`) are expressions.
      '@typescript-eslint/no-unused-expressions': 'off',
      // Tests reach into the SDK's and the server's untyped objects (raw history JSON, worker internals).
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['bin/*.js', 'scripts/**/*.js'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import redos from 'eslint-plugin-redos';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.vscode-test/**', 'node_modules/**', 'media/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Every regular expression in src/ may run on file or config content: none may backtrack super-linearly.
    // recheck decides (exact automaton check, fuzzing where that is too big); a timeout fails too.
    files: ['src/**/*.ts'],
    plugins: { redos },
    rules: { 'redos/no-vulnerable': ['error', { ignoreErrors: false, timeout: 60_000, cache: true }] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core stays pure: only src/extension may import vscode.' }] }],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'esbuild.mjs', 'media/**/*.js', 'test/e2e/**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', window: 'readonly', document: 'readonly', acquireVsCodeApi: 'readonly', fetch: 'readonly', Buffer: 'readonly', __dirname: 'readonly' },
    },
  },
);

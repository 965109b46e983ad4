// Lint rules that keep the three roots pointing one way: src-main and src-renderer may use shared/,
// shared/ uses neither (nor Node nor the DOM), and only src-main/electron/ may import Electron. Inside
// src-main, rooms (folders with an index.ts) are entered only through that index (eslint-rules/roomImports.js).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import rooms from './eslint-rules/roomImports.js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'http',
  'net',
  'crypto',
  'child_process',
  'stream',
  'worker_threads',
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeBuiltins, 'electron', 'react', 'react-dom', 'ws'],
              message: 'shared/ runs in both processes: no Node, DOM or framework imports.',
            },
            {
              group: ['**/src-main/**', '**/src-renderer/**'],
              message: 'shared/ must not depend on main or renderer code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron'],
              message: 'The backend runs under plain Node: only src-main/electron/ may import Electron.',
            },
            { group: ['**/src-renderer/**'], message: 'The backend must not depend on renderer code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/electron/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    // The backend is split into rooms (server/sessions/, acquisition/storage/, export/csv/, ...). A room's
    // index.ts is its whole surface, so a room can rearrange its files without touching its neighbours, and
    // a room never imports its own index, which would be an import cycle. Tests may still import internals.
    files: ['src-main/**/*.ts'],
    plugins: { rooms },
    rules: { 'rooms/through-index': ['error', { root: 'src-main' }] },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeBuiltins, 'electron', 'ws'],
              message: 'The renderer is a sandboxed web page: no Node or Electron imports.',
            },
            {
              group: ['**/src-main/**'],
              message: 'The renderer talks to the backend over the WebSocket only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.{js,mjs,ts}', 'eslint-rules/**/*.js', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-console': 'off' },
  },
);

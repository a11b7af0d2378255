// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

// Module boundaries (see README "Code layout"): the engine is pure, cards are plain JSON, and only the
// bot host layer (src/index.ts, src/bot/, dialogs/, the adapter middleware in src/security/ and
// src/performance/) knows Bot Framework, so a port to the Microsoft 365
// Agents SDK touches one layer.
const botFramework = ['botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/agents-*'];
const hostLayer = ['**/bot', '**/bot/**', '**/dialogs', '**/dialogs/**'];
const restrict = (groups, message) => ({ group: groups, message });
// The top-level modules of src/, named as relative imports reach them ('../bot', '../../escalation/x').
const modules = (...names) => names.flatMap((name) => [`**/${name}`, `**/${name}/**`]);
const outsideDiagnosis = modules('bot', 'dialogs', 'cards', 'storage', 'escalation', 'security', 'server', 'i18n', 'conversation', 'files', 'ocr', 'cli', 'web', 'performance', 'logger');

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'appPackage/**', 'coverage/**', 'tmp/**', 'test/support/*.js', 'scripts/*.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Tests read untyped JSON (cards, invoke bodies, manifests) and assert on its shape.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/diagnosis/**/*.ts'],
    ignores: ['src/diagnosis/**/*.fixtures.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:https', 'node:child_process', 'fs', 'path', 'node:path'].map(
            (name) => ({ name, message: 'src/diagnosis is pure: no I/O.' }),
          ),
          patterns: [
            restrict(outsideDiagnosis, 'src/diagnosis imports only itself (and pure libraries).'),
            restrict(botFramework, 'src/diagnosis is free of Bot Framework.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/cards/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(botFramework, 'Cards are plain Adaptive Card JSON: no Bot Framework.'),
            restrict(
              modules('bot', 'dialogs', 'storage', 'escalation', 'security', 'server', 'conversation', 'files', 'ocr', 'cli', 'web', 'performance', 'logger'),
              'Cards import only diagnosis types, i18n and themselves.',
            ),
          ],
        },
      ],
    },
  },
  {
    // The bot host layer: the composition root, the Teams handler, the dialogs and the adapter's
    // middleware (security, dialog-state tuning). Everything else stays free of Bot Framework.
    files: ['src/**/*.ts'],
    ignores: ['src/index.ts', 'src/bot/**', 'src/security/**', 'src/performance/**', 'src/cards/**', 'src/diagnosis/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(hostLayer, 'Only the composition root (src/index.ts) and the bot host layer import src/bot or dialogs.'),
            restrict(botFramework, 'Only the bot host layer imports Bot Framework (engine, cards, storage and escalation stay free of it).'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/bot/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [restrict(['**/dialogs', '**/dialogs/**'], 'Only the composition root imports dialogs/.')] },
      ],
    },
  },
);

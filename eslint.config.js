// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'build/**', 'data/**', 'devTools/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // plain node scripts (no TypeScript, so they run before a build)
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // the domain core is pure: zod, date-fns and itself only
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/adapters/**', '**/app/**', '**/ports/**', '**/config/**'],
              message: 'src/domain imports only zod, date-fns, @date-fns/tz and itself.',
            },
            {
              group: [
                'botbuilder*',
                '@microsoft/*',
                '@azure/*',
                'better-sqlite3',
                'pino',
                'node:*',
                'fs',
                'path',
                'http',
                'https',
                'croner',
              ],
              message: 'src/domain does no I/O.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/domain reads no environment.' }],
    },
  },
);

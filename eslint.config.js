// Type-aware lint at zero warnings; the folder boundaries of docs/architecture.md are enforced here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'src/services/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine and the domain are pure: nothing of ours outside them, no I/O.
    files: ['src/rules/**/*.ts', 'src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/storage/**', '**/services/**', '**/http/**', '**/cli/**', '**/jobs/**'], message: 'rules and domain import nothing of ours' },
            { group: ['node:*', 'fs', 'path', 'kysely', 'better-sqlite3', 'pg'], message: 'rules and domain do no I/O' },
          ],
        },
      ],
    },
  },
  {
    // Only repositories talk SQL.
    files: ['src/services/**/*.ts', 'src/http/**/*.ts', 'src/cli/**/*.ts', 'web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'kysely', message: 'only src/storage imports kysely' }] }],
    },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/storage/**', '**/services/**', '**/http/**', '**/cli/**', '**/jobs/**'], message: 'web imports src/rules and shared types only' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);

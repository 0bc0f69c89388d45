// Lint: type-aware rules that catch what tests miss (floating promises above all), and the
// import structure: no cycles anywhere, and the layers of lambdas/core kept one-way.
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * lambdas/core is layered: the top-level domain modules, then monitoring and integrity
 * (each on the domain only), then query (the read side, on integrity too), then api (the
 * route table, on everything). A module may not import a value from a layer above its own,
 * so the folders can never form a cycle. Type-only imports are allowed: they are erased at
 * build time and cannot create a runtime cycle.
 */
const layer = (files, above, why) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: [{ regex: `^\\.{1,2}/(${above.join('|')})/`, allowTypeImports: true, message: why }] },
    ],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', '.bench/', 'coverage/', 'clients/typescript/dist/', 'clients/python/.venv/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Value imports only (type-only imports are erased); packages are not followed, which keeps it fast.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-console': 'off',
    },
  },
  layer(['lambdas/core/*.ts'], ['query', 'integrity', 'monitoring', 'api'], 'top-level core modules are the bottom layer: move the shared part down instead.'),
  layer(['lambdas/core/monitoring/**/*.ts'], ['query', 'integrity', 'api'], 'core/monitoring builds on the top-level core modules only.'),
  layer(['lambdas/core/integrity/**/*.ts'], ['query', 'monitoring', 'api'], 'core/integrity builds on the top-level core modules only; query builds on integrity, not the reverse.'),
  layer(['lambdas/core/query/**/*.ts'], ['monitoring', 'api'], 'core/query builds on the top-level core modules and core/integrity; api builds on query, not the reverse.'),
);

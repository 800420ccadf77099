// Lint configuration. Why each rule is here: CONTRIBUTING.md, "Lint and format" and its sections.
// TypeScript is linted with type information (typescript-eslint's type-checked rules, each file
// in the tsconfig that covers it); the few plain .js/.mjs files get the same rules without types.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// ESLint resolves these patterns against this file's folder, so `output/` is the top-level
// output/ only (src/output/ is linted); a leading slash (`/output/`) would match nothing at all.
// Why each is left out: CONTRIBUTING.md, "What is not checked, and why".
const ignored = globalIgnores([
  'dist/', // compiled from src/
  'coverage/',
  'output/', // built PDFs
  '.studyguide-cache/',
  // Guides, sources and test fixtures are documents kept byte for byte (citations quote them).
  'content/',
  'tests/fixtures/',
]);

// CONTRIBUTING.md, "Imports": Node built-ins are imported as `node:fs`, never `fs`.
const builtins = builtinModules.filter((name) => !name.startsWith('_') && !name.startsWith('node:'));
const nodePrefix = builtins.map((name) => ({
  name,
  message: `import Node built-ins with the node: prefix ('node:${name}').`,
}));
const nodePrefixDynamic = {
  selector: `ImportExpression > Literal[value=/^(${builtins.join('|').replaceAll('/', '\\/')})$/]`,
  message: 'import Node built-ins with the node: prefix.',
};

// CONTRIBUTING.md, "The core never imports the CLI": everything in src/ but src/cli/.
const coreNeverImportsCli = { group: ['**/cli/**'], message: 'the core never imports the CLI (src/cli/).' };
const coreNeverImportsCliDynamic = {
  selector: 'ImportExpression > Literal[value=/(^|\\/)cli\\//]',
  message: 'the core never imports the CLI (src/cli/).',
};

export default defineConfig(
  ignored,
  // A disable comment that no longer disables anything fails the lint instead of lingering.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        // Each .ts file is checked with the tsconfig.json nearest to it: src/ with ./tsconfig.json,
        // tests/ with tests/tsconfig.json. A .ts file that no tsconfig includes is an error, not
        // skipped; vitest.config.ts sits beside ./tsconfig.json (which is src/ only), so it gets
        // TypeScript's default options.
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Flat config replaces a rule's options per block, never merges them: a block that adds an
      // import restriction must repeat these (see the src/ block below).
      'no-restricted-imports': ['error', { paths: nodePrefix }],
      'no-restricted-syntax': ['error', nodePrefixDynamic],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      // CONTRIBUTING.md, "Type-aware rules": beyond the recommended type-checked set (floating and
      // misused promises, awaiting non-promises, unsafe any, "[object Object]" in templates...),
      // rules that have caught or would catch real bugs here.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/require-array-sort-compare': ['error', { ignoreStringArrays: true }],
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'error',
      '@typescript-eslint/no-deprecated': 'error',
      // An import used only for types says so: it loads nothing at run time (tests/unit/light-imports
      // counts on it). `typeof import('...')` stays allowed for vitest's importOriginal.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodePrefix, patterns: [coreNeverImportsCli] }],
      'no-restricted-syntax': ['error', nodePrefixDynamic, coreNeverImportsCliDynamic],
    },
  },
  {
    // bin/studyguide.js and scripts/*.mjs are thin wrappers around the compiled dist/, whose types
    // exist only after a compile: type-aware results would change with the state of dist/. Their
    // logic lives in src/, which is type-checked. They get every rule that needs no types.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);

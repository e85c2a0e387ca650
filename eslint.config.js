// Lint: correctness rules only; layout is prettier's job (.prettierrc.json).
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/generated/**',
      'docs/api/**',
      'coverage/**',
      'packages/wasm/runtime/build/**',
      // AssemblyScript, not TypeScript: its decorators and integer types are outside these rules.
      'packages/wasm/runtime/assembly/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // `_name` marks a binding kept for its position (callbacks, destructuring).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `ok && push(x)` and `cond ? a() : b()` are used as statements on purpose.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // JSON escaping and ANSI colour stripping match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests poke at internals through casts and feed number edge cases on purpose.
    files: ['**/*.test.ts', 'test/**', 'packages/wasm/runtime/*.ts', 'packages/wasm/src/binary/testing.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-loss-of-precision': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)

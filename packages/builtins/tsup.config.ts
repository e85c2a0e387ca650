import { defineConfig } from 'tsup'
import { libraryBuild } from '../../tsup.base.js'

// `declarations`: the declaration table and value model, no implementation (what the compiler reads);
// `core`: everything but the implementations that import heavy libraries;
// `impls`: just `hostBuiltinImpls`; `lazy`: the loader that imports a family on first need
// (what @cordon/engine uses); `families/*`: each family, imported by name (@cordon/engine/lean); `index`: all.
const families = ['json', 'regex', 'glob', 'yaml', 'graphql', 'aws', 'crypto']
export default defineConfig({
  ...libraryBuild,
  entry: {
    index: 'src/index.ts',
    declarations: 'src/declarations.ts',
    core: 'src/core.ts',
    impls: 'src/impl/index.ts',
    lazy: 'src/impl/families.ts',
    ...Object.fromEntries(families.map((f) => [`families/${f}`, `src/families/${f}.ts`])),
  },
})

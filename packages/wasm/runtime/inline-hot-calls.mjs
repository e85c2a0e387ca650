// One more inlining round over the runtime asc built with -O3s, with limits
// above -O3's, so small functions called on the decision path (the allocator's
// bump path, map lookups, hashing, value access) are inlined into their
// callers as -O3 would, while the rest keeps -O3s's size.
//
// Why not -O3: it inlines as much but also optimizes everything else for
// speed, and a one-rule module then passes 20 KB (21,787 bytes against
// 19,657 with this round; the reference decision 0.94-0.95 of -O3s's time
// with -O3, 0.89-0.91 with this round: scripts/bench/runtime-builds.mjs,
// figures in packages/wasm/README.md).
//
// Binaryen is the one assemblyscript runs on (its own dependency, found next
// to it), so the optimizer is the same as asc's own.
import { realpathSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * Inliner limits for the round, in expression nodes: any function up to `always`, one with a
 * single caller up to `oneCaller`, loops or not. asc's -O3 has 12 and 200, -O3s 6 and 80
 * without loops (its size-blind "flexible" limit applies at shrink level 0 only, so not here).
 */
const INLINE_LIMITS = { always: 20, oneCaller: 400 }

/** The binaryen module assemblyscript (a dependency of the package at `pkg`) imports. */
async function binaryenOf(pkg) {
  const asc = realpathSync(join(pkg, 'node_modules', 'assemblyscript'))
  return (await import(pathToFileURL(join(asc, '..', 'binaryen', 'index.js')).href)).default
}

/**
 * `bytes` (asc's -O3s output) after the inlining round; the features used stay those asc enabled.
 * The functions exported as `notInlined` (the linker's placeholders) are never inlined, whatever
 * their size: the linker replaces their bodies, so their callers must keep the call.
 */
export async function inlineHotCalls(pkg, bytes, notInlined = []) {
  const binaryen = await binaryenOf(pkg)
  const mod = binaryen.readBinary(bytes)
  try {
    // asc's defaults (mutable-globals, sign-extension, nontrapping-f2i, bulk-memory, which binaryen
    // splits in two), so the round cannot bring in an instruction of another feature
    const f = binaryen.Features
    mod.setFeatures(f.MutableGlobals | f.SignExt | f.NontrappingFPToInt | f.BulkMemory | f.BulkMemoryOpt)
    if (!mod.validate()) throw new Error('runtime build: asc output does not validate before the inlining round')
    binaryen.setOptimizeLevel(3)
    binaryen.setShrinkLevel(1)
    binaryen.setAlwaysInlineMaxSize(INLINE_LIMITS.always)
    binaryen.setOneCallerInlineMaxSize(INLINE_LIMITS.oneCaller)
    binaryen.setAllowInliningFunctionsWithLoops(true)
    for (const name of notInlined) {
      const exported = mod.getExport(name)
      if (!exported) throw new Error(`runtime build: no export ${name} to keep out of inlining`)
      binaryen.setPassArgument('no-inline', binaryen.getExportInfo(exported).value)
      mod.runPasses(['no-inline'])
    }
    binaryen.setPassArgument('no-inline', null)
    mod.runPasses(['inlining-optimizing'])
    if (!mod.validate()) throw new Error('runtime build: the inlining round left an invalid module')
    return mod.emitBinary()
  } finally {
    mod.dispose()
  }
}

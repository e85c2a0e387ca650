// Compiles the reference policies with `cordon build` (the CLI, from source):
// `bundle` → an OPA-format bundle.tar.gz with the default data under
// data["ai-access"]; `wasm` → the bare policy.wasm for edge runtimes.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync } from 'node:fs'
import { bundle, root } from './esbuild.mjs'

export async function buildPolicy(outDir, format = 'bundle') {
  mkdirSync(outDir, { recursive: true })
  const cli = `${outDir}/cordon.mjs`
  await bundle(`${root}packages/cli/src/main.ts`, cli, 'node')
  // The compiler links policies with its prebuilt runtime, found next to the bundled CLI.
  cpSync(`${root}packages/wasm/src/runtime-lib`, `${outDir}/runtime-lib`, { recursive: true })
  const out = `${outDir}/${format === 'wasm' ? 'policy.wasm' : 'bundle.tar.gz'}`
  execFileSync(process.execPath, [cli, 'build', `${root}policies`, '--format', format, '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] })
  return out
}

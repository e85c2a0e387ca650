// The debug runtime (build.mjs --debug: poisoned frees, heap check after every
// evaluation) for tests and fuzzers. Built on first use into
// node_modules/.cache, keyed by the hash of the runtime's sources, so a
// source change rebuilds it and an unchanged tree reuses it.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const cacheRoot = join(here, '..', '..', '..', 'node_modules', '.cache', 'cordon-runtime-debug')

function sourceHash(): string {
  const h = createHash('sha256')
  const dir = join(here, 'assembly')
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)))
  for (const f of ['build.mjs', 'inline-hot-calls.mjs']) h.update(readFileSync(join(here, f)))
  return h.digest('hex').slice(0, 16)
}

/** runtime.wasm and runtime.json of the debug build (building it when the cache lacks it; ~30 s). */
export function debugRuntime(): { bytes: Uint8Array; info: any } {
  const dir = join(cacheRoot, sourceHash())
  if (!existsSync(join(dir, 'runtime.json'))) {
    // built aside and renamed, so test processes building at once never read a half-written file
    const tmp = `${dir}.tmp-${process.pid}`
    execFileSync(process.execPath, [join(here, 'build.mjs'), '--debug', '--out', tmp], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    try {
      renameSync(tmp, dir)
    } catch {
      rmSync(tmp, { recursive: true, force: true }) // another process got there first
    }
  }
  return {
    bytes: new Uint8Array(readFileSync(join(dir, 'runtime.wasm'))),
    info: JSON.parse(readFileSync(join(dir, 'runtime.json'), 'utf8')),
  }
}

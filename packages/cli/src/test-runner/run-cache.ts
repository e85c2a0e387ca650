/**
 * `cordon test --cache DIR`: compiled runs (compile-run.ts) and the
 * explanations of their failing tests kept on disk by content hash, so a run
 * whose sources, options and compiler are unchanged compiles nothing. One
 * file per entry, `<key>.run`, where the key is the SHA-256 of the
 * compiler's identity (compiler-identity.ts), the kind and the description
 * (every source's text, the options, the builtins; for explanations also
 * the data). A file is a JSON header line (format, kind, key, body hash and
 * lengths) and the body: JSON (the tests, or the explanations), then for a
 * run the module and the parameterized module.
 *
 * Safe to share: an entry is used only when its header names the key asked
 * for and the body's SHA-256 matches, so a truncated, corrupted or foreign
 * file is a miss, never a wrong module. Writers write a temporary file and
 * rename it into place, so concurrent runs never see half an entry. The
 * directory is bounded: after a write, the least recently used entries go
 * until the rest fit in `maxBytes`; files not named like entries are never
 * touched.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { TestEntry } from './compile-run.js'
import { compilerIdentity } from './compiler-identity.js'
import type { RunCache } from './run-sources.js'
import type { FailureDetail } from './types.js'

const FORMAT = 'cordon-test-run/1'
const ENTRY = /^[0-9a-f]{64}\.run$/
const TEMP = /^[0-9a-f]{64}\.run\.\d+\.[0-9a-f]{8}\.tmp$/
/** A temporary file older than this was left by a run that died while writing. */
const STALE_TEMP_MS = 10 * 60_000

/** Default bound of a cache directory. */
const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024

interface Header {
  format: string
  /** A compiled run, or the explanations of a run's failures. */
  kind: 'run' | 'failures'
  key: string
  sha256: string
  meta: number
  wasm: number
  parameterizedWasm: number
}

interface Meta {
  tests: TestEntry[]
  unplannable: [string, string][]
  hostBuiltins: string[]
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

/** A run cache in `dir` (created when missing). `warn` hears about entries that cannot be written. */
export function diskRunCache(
  dir: string,
  { maxBytes = DEFAULT_CACHE_BYTES, warn = () => {} }: { maxBytes?: number; warn?: (message: string) => void } = {},
): RunCache {
  mkdirSync(dir, { recursive: true })
  const keyOf = (kind: Header['kind'], description: string) => sha256(`${compilerIdentity()}\0${kind}\0${description}`)
  const read = (kind: Header['kind'], description: string): Entry | undefined => {
    const key = keyOf(kind, description)
    const file = path.join(dir, `${key}.run`)
    let bytes: Buffer
    try {
      bytes = readFileSync(file)
    } catch {
      return undefined
    }
    const entry = decode(bytes, kind, key)
    if (entry) {
      // The entry was used: the last to go when the directory is over its bound.
      const now = new Date()
      try {
        utimesSync(file, now, now)
      } catch {
        // Gone meanwhile (another run's eviction): the entry read is still whole.
      }
    }
    return entry
  }
  const write = (kind: Header['kind'], description: string, entry: Entry) => {
    const key = keyOf(kind, description)
    const file = path.join(dir, `${key}.run`)
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    try {
      writeFileSync(temp, encode(kind, key, entry))
      renameSync(temp, file)
    } catch (err) {
      rmSync(temp, { force: true })
      warn(`cannot write to the cache ${dir}: ${(err as Error).message}`)
      return
    }
    evict(dir, maxBytes)
  }
  return {
    get(description) {
      const entry = read('run', description)
      if (!entry) return undefined
      const { tests, unplannable, hostBuiltins } = entry.meta as Meta
      return {
        tests,
        unplannable,
        hostBuiltins,
        ...(entry.wasm.length > 0 ? { wasm: entry.wasm } : {}),
        ...(entry.parameterizedWasm.length > 0 ? { parameterizedWasm: entry.parameterizedWasm } : {}),
      }
    },
    put(description, run) {
      const meta: Meta = { tests: run.tests, unplannable: run.unplannable, hostBuiltins: run.hostBuiltins }
      const none = new Uint8Array()
      write('run', description, { meta, wasm: run.wasm ?? none, parameterizedWasm: run.parameterizedWasm ?? none })
    },
    getFailures(description) {
      const meta = read('failures', description)?.meta
      return Array.isArray(meta) ? (meta as FailureDetail[]) : undefined
    },
    putFailures(description, details) {
      write('failures', description, { meta: details, wasm: new Uint8Array(), parameterizedWasm: new Uint8Array() })
    },
  }
}

/** What an entry holds: JSON, and for a run its modules. */
interface Entry {
  meta: unknown
  wasm: Uint8Array
  parameterizedWasm: Uint8Array
}

function encode(kind: Header['kind'], key: string, entry: Entry): Buffer {
  const meta = Buffer.from(JSON.stringify(entry.meta))
  const { wasm, parameterizedWasm } = entry
  const body = Buffer.concat([meta, wasm, parameterizedWasm])
  const header: Header = {
    format: FORMAT,
    kind,
    key,
    sha256: sha256(body),
    meta: meta.length,
    wasm: wasm.length,
    parameterizedWasm: parameterizedWasm.length,
  }
  return Buffer.concat([Buffer.from(JSON.stringify(header) + '\n'), body])
}

/** The entry in `bytes` when they are a whole, unaltered entry of `kind` for `key`; else undefined. */
function decode(bytes: Buffer, kind: Header['kind'], key: string): Entry | undefined {
  try {
    const newline = bytes.indexOf(0x0a)
    if (newline < 0) return undefined
    const h = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as Header
    if (h.format !== FORMAT || h.kind !== kind || h.key !== key) return undefined
    const body = bytes.subarray(newline + 1)
    const lengths = [h.meta, h.wasm, h.parameterizedWasm]
    if (!lengths.every((n) => Number.isSafeInteger(n) && n >= 0)) return undefined
    if (h.meta + h.wasm + h.parameterizedWasm !== body.length || sha256(body) !== h.sha256) return undefined
    return {
      meta: JSON.parse(body.subarray(0, h.meta).toString('utf8')),
      // Copies: a module must not keep the whole file's buffer alive.
      wasm: new Uint8Array(body.subarray(h.meta, h.meta + h.wasm)),
      parameterizedWasm: new Uint8Array(body.subarray(h.meta + h.wasm)),
    }
  } catch {
    return undefined
  }
}

/** Removes the least recently used entries until the rest fit in `maxBytes`, and stale temporary files. */
function evict(dir: string, maxBytes: number): void {
  const entries: { file: string; size: number; used: number }[] = []
  const now = Date.now()
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name)
    try {
      if (ENTRY.test(name)) {
        const st = statSync(file)
        entries.push({ file, size: st.size, used: st.mtimeMs })
      } else if (TEMP.test(name) && now - statSync(file).mtimeMs > STALE_TEMP_MS) rmSync(file, { force: true })
    } catch {
      // Removed meanwhile by another run.
    }
  }
  let total = entries.reduce((n, e) => n + e.size, 0)
  entries.sort((a, b) => a.used - b.used)
  for (const e of entries) {
    if (total <= maxBytes) break
    rmSync(e.file, { force: true })
    total -= e.size
  }
}

#!/usr/bin/env node
// Build the Cordon runtime library (AssemblyScript → runtime.wasm) once, then
// describe it for the linker in runtime.json.
//
//   node packages/wasm/runtime/build.mjs
//   node packages/wasm/runtime/build.mjs --debug --out DIR
//
// --debug builds the debug runtime instead (assembly/debug.ts, CORDON_DEBUG=1):
// freed blocks are poisoned and every evaluation ends with the heap checker
// (assembly/heap-check.ts). It goes to DIR (default src/runtime-lib/debug),
// never over the release build; fuzzers link it with setRuntimeLibrary.
// --optimize FLAG (default -O3s) and --no-inline-round build the variants the
// wasm README compares (with --out DIR, never over the release build).
//
// Steps: run asc; one more inlining round (inline-hot-calls.mjs); read the module's sections; patch the initial value of the
// `__cordon_heap_base` global (a 5-byte LEB placeholder) to the first 16-byte
// aligned address after the static data; check the invariants the linker
// relies on (imports, placeholders not inlined/merged, no start function);
// write src/runtime-lib/runtime.wasm and runtime.json.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { inlineHotCalls } from './inline-hot-calls.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const pkg = join(here, '..')
const bin = (name) => join(pkg, 'node_modules', '.bin', name)
const args = process.argv.slice(2)
const debug = args.includes('--debug')
const outArg = args.indexOf('--out')
const outDir = outArg >= 0 ? args[outArg + 1] : join(pkg, 'src', 'runtime-lib', ...(debug ? ['debug'] : []))
const optArg = args.indexOf('--optimize')
const optimize = optArg >= 0 ? args[optArg + 1] : '-O3s'
const inlineRound = !args.includes('--no-inline-round')
if ((optimize !== '-O3s' || !inlineRound) && outArg < 0) {
  console.error('runtime build: --optimize and --no-inline-round need --out DIR (never over the release build)')
  process.exit(2)
}

const PLACEHOLDERS = ['eval', 'builtins', 'entrypoints']
const HEAP_BASE_GLOBAL = '__cordon_heap_base'
const REQUIRED_IMPORTS = [
  'env.memory',
  'env.opa_abort',
  'env.opa_println',
  'env.opa_builtin0',
  'env.opa_builtin1',
  'env.opa_builtin2',
  'env.opa_builtin3',
  'env.opa_builtin4',
]

async function compile() {
  const tmp = mkdtempSync(join(tmpdir(), 'cordon-rt-'))
  const out = join(tmp, 'runtime.wasm')
  try {
    execFileSync(
      bin('asc'),
      [
        join(here, 'assembly', debug ? 'debug.ts' : 'index.ts'),
        // -O3s (-O3 with shrink level 1): 17% smaller than -O3 (64 KB against 77 KB), so a one-rule
        // module fits 20 KB; the speed -O3 had comes back from the inlining round below.
        optimize,
        '--runtime',
        'stub',
        '--noAssert',
        '--importMemory',
        '--use',
        `CORDON_DEBUG=${debug ? 1 : 0}`,
        '--use',
        'abort=assembly/abi/cordonAbort',
        '-o',
        out,
      ],
      { cwd: here, stdio: ['ignore', 'inherit', 'inherit'] },
    )
    const bytes = new Uint8Array(readFileSync(out))
    return inlineRound ? await inlineHotCalls(pkg, bytes, PLACEHOLDERS) : bytes
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

// ---- a small Wasm reader
const VALTYPES = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64' }
class Reader {
  constructor(bytes, pos = 0) {
    this.b = bytes
    this.p = pos
  }
  u8() {
    return this.b[this.p++]
  }
  u32() {
    let r = 0,
      shift = 0,
      byte
    do {
      byte = this.b[this.p++]
      r |= (byte & 0x7f) << shift
      shift += 7
    } while (byte & 0x80)
    return r >>> 0
  }
  s32() {
    let r = 0,
      shift = 0,
      byte
    do {
      byte = this.b[this.p++]
      r |= (byte & 0x7f) << shift
      shift += 7
    } while (byte & 0x80)
    if (shift < 32 && byte & 0x40) r |= -1 << shift
    return r | 0
  }
  name() {
    const n = this.u32()
    const s = new TextDecoder().decode(this.b.subarray(this.p, this.p + n))
    this.p += n
    return s
  }
  limits() {
    const f = this.u8()
    const min = this.u32()
    const max = f & 1 ? this.u32() : undefined
    return { min, max }
  }
}

export function readModule(bytes) {
  const r = new Reader(bytes, 8)
  const m = {
    sections: [],
    types: [],
    imports: [],
    funcTypes: [],
    globals: [],
    exports: [],
    data: [],
    start: null,
    codeOffsets: [],
  }
  while (r.p < bytes.length) {
    const id = r.u8()
    const size = r.u32()
    const start = r.p
    const end = start + size
    m.sections.push({ id, start, end })
    const s = new Reader(bytes, start)
    if (id === 1) {
      for (let n = s.u32(); n--;) {
        s.u8() // 0x60
        const params = []
        for (let k = s.u32(); k--;) params.push(VALTYPES[s.u8()])
        const results = []
        for (let k = s.u32(); k--;) results.push(VALTYPES[s.u8()])
        m.types.push({ params, results })
      }
    } else if (id === 2) {
      for (let n = s.u32(); n--;) {
        const module = s.name()
        const name = s.name()
        const kind = s.u8()
        if (kind === 0) m.imports.push({ module, name, kind: 'func', type: s.u32() })
        else if (kind === 2) m.imports.push({ module, name, kind: 'memory', ...s.limits(), limitsAt: undefined })
        else if (kind === 3) {
          m.imports.push({ module, name, kind: 'global', type: VALTYPES[s.u8()], mutable: !!s.u8() })
        } else if (kind === 1) {
          s.u8()
          m.imports.push({ module, name, kind: 'table', ...s.limits() })
        }
      }
    } else if (id === 3) {
      for (let n = s.u32(); n--;) m.funcTypes.push(s.u32())
    } else if (id === 6) {
      for (let n = s.u32(); n--;) {
        const type = VALTYPES[s.u8()]
        const mutable = !!s.u8()
        const op = s.u8()
        const immAt = s.p
        let value
        if (op === 0x41) value = s.s32()
        else if (op === 0x42) {
          while (bytes[s.p++] & 0x80);
          value = null
        } else throw new Error('unexpected global init')
        const immLen = s.p - immAt
        if (s.u8() !== 0x0b) throw new Error('global init not a single const')
        m.globals.push({ type, mutable, value, immAt, immLen })
      }
    } else if (id === 7) {
      for (let n = s.u32(); n--;) {
        const name = s.name()
        const kind = ['func', 'table', 'memory', 'global'][s.u8()]
        const index = s.u32()
        m.exports.push({ name, kind, index })
      }
    } else if (id === 8) {
      m.start = s.u32()
    } else if (id === 10) {
      for (let n = s.u32(); n--;) {
        const sz = s.u32()
        m.codeOffsets.push({ start: s.p, end: s.p + sz })
        s.p += sz
      }
    } else if (id === 11) {
      for (let n = s.u32(); n--;) {
        const flags = s.u32()
        if (flags !== 0) throw new Error('only active data segments on memory 0 are expected')
        if (s.u8() !== 0x41) throw new Error('data offset not i32.const')
        const offset = s.s32()
        s.u8()
        const len = s.u32()
        s.p += len
        m.data.push({ offset, len })
      }
    }
    r.p = end
  }
  m.funcImportCount = m.imports.filter((i) => i.kind === 'func').length
  return m
}

function encodePaddedU32(v, len) {
  const out = []
  for (let i = 0; i < len; i++) {
    let byte = v & 0x7f
    v >>>= 7
    if (i < len - 1) byte |= 0x80
    out.push(byte)
  }
  return out
}

function wat(bytes) {
  const tmp = mkdtempSync(join(tmpdir(), 'cordon-rt-'))
  try {
    const f = join(tmp, 'm.wasm')
    writeFileSync(f, bytes)
    return execFileSync(bin('wasm2wat'), [f], { maxBuffer: 64 << 20 }).toString()
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

function funcBodyWat(text, index) {
  const startMark = `  (func (;${index};)`
  const i = text.indexOf(startMark)
  if (i < 0) return ''
  const j = text.indexOf('\n  (', i + startMark.length)
  return text.slice(i, j < 0 ? undefined : j)
}

/** JSON with 2-space indentation, but arrays of scalars and small flat objects on one line. */
function stringify(v, indent = '') {
  const flat = (x) =>
    x === null ||
    typeof x !== 'object' ||
    (Array.isArray(x)
      ? x.every((e) => e === null || typeof e !== 'object')
      : Object.values(x).every(
          (e) => e === null || typeof e !== 'object' || (Array.isArray(e) && e.every((y) => typeof y !== 'object')),
        ))
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (flat(v) && JSON.stringify(v).length < 150)
    return JSON.stringify(v)
      .replace(/,(?=["[{\w-])/g, ', ')
      .replace(/":/g, '": ')
  const inner = indent + '  '
  if (Array.isArray(v)) return `[\n${v.map((e) => inner + stringify(e, inner)).join(',\n')}\n${indent}]`
  return `{\n${Object.entries(v)
    .map(([k, e]) => `${inner}${JSON.stringify(k)}: ${stringify(e, inner)}`)
    .join(',\n')}\n${indent}}`
}

async function main() {
  const bytes = await compile()
  const m = readModule(bytes)
  const problems = []

  const importNames = m.imports.map((i) => `${i.module}.${i.name}`)
  for (const want of REQUIRED_IMPORTS) if (!importNames.includes(want)) problems.push(`missing import ${want}`)
  for (const have of importNames) if (!REQUIRED_IMPORTS.includes(have)) problems.push(`unexpected import ${have}`)
  if (m.start !== null) problems.push('module has a start function (global initialisers must be constant)')

  const exportsByName = Object.fromEntries(m.exports.map((e) => [e.name, e]))
  const funcType = (idx) =>
    m.types[
      idx < m.funcImportCount
        ? m.imports.filter((i) => i.kind === 'func')[idx].type
        : m.funcTypes[idx - m.funcImportCount]
    ]

  // heap base: end of all static data, 16-byte aligned
  const dataEnd = m.data.reduce((a, d) => Math.max(a, d.offset + d.len), 0)
  const heapBase = (dataEnd + 15) & ~15
  const hb = exportsByName[HEAP_BASE_GLOBAL]
  if (!hb || hb.kind !== 'global') throw new Error(`no exported global ${HEAP_BASE_GLOBAL}`)
  const hbGlobal = m.globals[hb.index] // no imported globals
  if (!hbGlobal.mutable || hbGlobal.immLen !== 5)
    throw new Error(`${HEAP_BASE_GLOBAL} must be a mutable i32 with a 5-byte LEB init`)
  const patched = new Uint8Array(bytes)
  patched.set(encodePaddedU32(heapBase, 5), hbGlobal.immAt)

  // placeholders: exported, distinct, not inlined into opa_eval
  const text = wat(patched)
  const placeholders = {}
  for (const name of PLACEHOLDERS) {
    const e = exportsByName[name]
    if (!e || e.kind !== 'func') {
      problems.push(`placeholder ${name} is not an exported function`)
      continue
    }
    placeholders[name] = e.index
    const sharers = m.exports.filter((x) => x.kind === 'func' && x.index === e.index && x.name !== name)
    if (sharers.length) problems.push(`placeholder ${name} shares its function with ${sharers.map((x) => x.name)}`)
  }
  if (new Set(Object.values(placeholders)).size !== PLACEHOLDERS.length)
    problems.push('placeholders are not distinct functions')
  // opa_eval reaches the placeholder through cordon_eval (the value-returning form).
  for (const name of ['cordon_eval', 'cordon_eval_value']) {
    const caller = exportsByName[name]
    if (!caller || !new RegExp(`\\bcall ${placeholders.eval}\\b`).test(funcBodyWat(text, caller.index))) {
      problems.push(`${name} does not call the eval placeholder directly (inlined?)`)
    }
  }
  // no other function may call the placeholders in a way the linker would miss: list callers
  const callers = {}
  for (const name of PLACEHOLDERS) {
    callers[name] = []
    const re = new RegExp(`\\bcall ${placeholders[name]}\\b`)
    for (let f = m.funcImportCount; f < m.funcImportCount + m.funcTypes.length; f++) {
      if (re.test(funcBodyWat(text, f))) callers[name].push(f)
    }
  }

  if (problems.length) {
    for (const p of problems) console.error(`runtime build: ${p}`)
    process.exit(1)
  }

  const sig = (idx) => {
    const t = funcType(idx)
    return { params: t.params, results: t.results }
  }
  const functions = {}
  const signatures = {}
  for (const e of m.exports)
    if (e.kind === 'func') {
      functions[e.name] = e.index
      signatures[e.name] = sig(e.index)
    }
  const globals = {}
  for (const e of m.exports)
    if (e.kind === 'global') {
      const g = m.globals[e.index]
      globals[e.name] = {
        index: e.index,
        type: g.type,
        mutable: g.mutable,
        init: e.name === HEAP_BASE_GLOBAL ? heapBase : g.value,
      }
    }
  let funcIdx = 0
  const imports = m.imports.map((i) =>
    i.kind === 'func'
      ? { module: i.module, name: i.name, kind: 'func', index: funcIdx++, ...m.types[i.type] }
      : { module: i.module, name: i.name, kind: i.kind, index: null, min: i.min, max: i.max ?? null },
  )
  const memImport = m.imports.find((i) => i.kind === 'memory')

  const json = {
    _about: 'Generated by packages/wasm/runtime/build.mjs; describes runtime.wasm for the linker. Do not edit.',
    abiVersion: 1,
    abiMinorVersion: 3,
    size: patched.length,
    sha256: createHash('sha256').update(patched).digest('hex'),
    imports,
    functionImportCount: m.funcImportCount,
    functionCount: m.funcImportCount + m.funcTypes.length,
    typeCount: m.types.length,
    globalCount: m.globals.length,
    memory: { minPages: memImport.min, maxPages: memImport.max ?? null },
    dataEnd,
    heapBase,
    heapBaseGlobal: {
      name: HEAP_BASE_GLOBAL,
      index: hb.index,
      initImmediateOffset: hbGlobal.immAt,
      initImmediateBytes: 5,
    },
    placeholders,
    placeholderCallers: callers,
    functions,
    signatures,
    globals,
  }
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, 'runtime.wasm'), patched)
  writeFileSync(join(outDir, 'runtime.json'), stringify(json) + '\n')
  console.log(
    `${debug ? 'debug ' : ''}runtime.wasm: ${patched.length} bytes, ${Object.keys(functions).length} exported functions, heap base ${heapBase}`,
  )
}

await main()

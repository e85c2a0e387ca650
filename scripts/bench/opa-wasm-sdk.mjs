// The same Cordon-built module through @open-policy-agent/opa-wasm
// (loadPolicySync + setData + evaluate). The SDK has sprintf; the module's
// other host builtin, time.parse_rfc3339_ns, is given as a custom builtin.
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { ENTRYPOINT } from './world.mjs'

const require = createRequire(import.meta.url)

/** RFC 3339 → ns since the epoch, as a JSON number (undefined when it does not parse). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/
export const customBuiltins = {
  'time.parse_rfc3339_ns': (s) => {
    const m = typeof s === 'string' ? RFC3339.exec(s) : null
    if (!m) return undefined
    const ms = Date.parse(s)
    return Number.isNaN(ms) ? undefined : ms * 1e6 + Number((m[2] ?? '').padEnd(9, '0').slice(6, 9) || 0)
  },
}

export async function create({ artifacts, data }) {
  const { loadPolicySync } = require('@open-policy-agent/opa-wasm')
  const policy = loadPolicySync(readFileSync(artifacts.wasm), undefined, customBuiltins)
  policy.setData(data ?? JSON.parse(readFileSync(artifacts.data, 'utf8')))
  return {
    name: 'cordon-opa-wasm-sdk',
    full: true,
    decide: (input) => policy.evaluate(input, ENTRYPOINT),
    check: (input) => {
      const rs = policy.evaluate(input, ENTRYPOINT)
      if (rs.length !== 1) throw new Error(`opa-wasm: result set ${JSON.stringify(rs)}`)
      return rs[0].result
    },
    wasmBytes: () => policy.mem.buffer.byteLength,
  }
}

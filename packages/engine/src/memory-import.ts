/**
 * The minimum page count a module declares for its imported `env.memory`, read
 * straight from the import section: the JS API cannot tell it, and a host
 * memory smaller than it fails instantiation. Undefined when the module
 * imports no memory or cannot be read (instantiation then reports the problem).
 */
export function importedMemoryMinimum(bytes: Uint8Array): number | undefined {
  const r = { pos: 8 }
  const u32 = (): number => {
    let result = 0
    let shift = 0
    for (;;) {
      if (r.pos >= bytes.length) throw new RangeError('truncated')
      const b = bytes[r.pos++]!
      result |= (b & 0x7f) << shift
      if ((b & 0x80) === 0) return result >>> 0
      shift += 7
      if (shift > 35) throw new RangeError('bad LEB128')
    }
  }
  const name = () => {
    const n = u32()
    const s = new TextDecoder().decode(bytes.subarray(r.pos, r.pos + n))
    r.pos += n
    return s
  }
  try {
    while (r.pos < bytes.length) {
      const id = bytes[r.pos++]!
      const size = u32()
      const end = r.pos + size
      if (id !== 2) {
        r.pos = end
        continue
      }
      for (let count = u32(); count > 0; count--) {
        const module = name()
        const field = name()
        const kind = bytes[r.pos++]!
        if (kind === 0)
          u32() // function: type index
        else if (kind === 1) {
          // table: reftype + limits
          r.pos++
          skipLimits()
        } else if (kind === 2) {
          const flags = u32()
          const min = u32()
          if (flags & 1) u32()
          if (module === 'env' && field === 'memory') return min
        } else if (kind === 3)
          r.pos += 2 // global: valtype + mutability
        else return undefined
      }
      return undefined
    }
  } catch {
    return undefined
  }
  return undefined

  function skipLimits() {
    const flags = u32()
    u32()
    if (flags & 1) u32()
  }
}

/** One file of a tar archive. */
export interface TarEntry {
  name: string
  data: Uint8Array
}

const BLOCK = 512
const encoder = new TextEncoder()

/**
 * Writes a ustar archive of regular files (mode 0644, mtime 0 so the same
 * input gives the same bytes). Names longer than 100 bytes use the ustar
 * prefix field; a name that still does not fit is an Error.
 */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const size = entries.reduce((n, e) => n + BLOCK + Math.ceil(e.data.length / BLOCK) * BLOCK, 0) + 2 * BLOCK
  const out = new Uint8Array(size)
  let at = 0
  for (const e of entries) {
    out.set(header(e), at)
    at += BLOCK
    out.set(e.data, at)
    at += Math.ceil(e.data.length / BLOCK) * BLOCK
  }
  return out
}

function header(e: TarEntry): Uint8Array {
  const h = new Uint8Array(BLOCK)
  const [prefix, name] = splitName(e.name)
  const put = (text: string, offset: number, length: number) => h.set(encoder.encode(text).subarray(0, length), offset)
  const octal = (n: number, offset: number, length: number) =>
    put(n.toString(8).padStart(length - 1, '0') + '\0', offset, length)
  put(name, 0, 100)
  octal(0o644, 100, 8)
  octal(0, 108, 8)
  octal(0, 116, 8)
  octal(e.data.length, 124, 12)
  octal(0, 136, 12)
  put('        ', 148, 8) // checksum is computed with this field as spaces
  put('0', 156, 1)
  put('ustar\0', 257, 6)
  put('00', 263, 2)
  put(prefix, 345, 155)
  const sum = h.reduce((a, b) => a + b, 0)
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8)
  return h
}

function splitName(full: string): [prefix: string, name: string] {
  const bytes = encoder.encode(full).length
  if (bytes <= 100) return ['', full]
  const cut = full.lastIndexOf('/', full.length - 1)
  const prefix = full.slice(0, cut)
  const name = full.slice(cut + 1)
  if (cut < 0 || encoder.encode(prefix).length > 155 || encoder.encode(name).length > 100) {
    throw new Error(`tar: the path ${full} is too long for a ustar archive`)
  }
  return [prefix, name]
}

/** One regular file from a tar archive. */
export interface TarFile {
  name: string
  data: Uint8Array
}

const BLOCK = 512
const decoder = new TextDecoder()

const isZero = (b: Uint8Array): boolean => b.every((x) => x === 0)

/**
 * Reads the regular files of a tar archive (ustar, GNU long names, pax path
 * records). Throws an Error saying where the archive is malformed, and when
 * it lacks the end-of-archive marker (two zero blocks): an archive cut at an
 * entry boundary would otherwise read as complete, one file short.
 */
export function readTar(bytes: Uint8Array): TarFile[] {
  const files: TarFile[] = []
  let at = 0
  let longName: string | undefined
  for (;;) {
    if (at + BLOCK > bytes.length) throw new Error(`tar: no end-of-archive marker at offset ${at} (truncated)`)
    const h = bytes.subarray(at, at + BLOCK)
    if (isZero(h)) {
      const next = bytes.subarray(at + BLOCK, at + 2 * BLOCK)
      if (next.length < BLOCK || !isZero(next))
        throw new Error(`tar: incomplete end-of-archive marker at offset ${at} (truncated)`)
      break
    }
    const size = octal(h, 124, 12, at)
    const type = String.fromCharCode(h[156]!)
    const start = at + BLOCK
    const end = start + size
    if (end > bytes.length) throw new Error(`tar: entry at offset ${at} runs past the end of the archive`)
    const body = bytes.subarray(start, end)
    if (type === 'L') longName = text(body)
    else if (type === 'x') longName = paxPath(body) ?? longName
    else {
      if (type === '0' || type === '\0') files.push({ name: longName ?? entryName(h), data: body })
      longName = undefined
    }
    at = start + Math.ceil(size / BLOCK) * BLOCK
  }
  return files
}

const text = (b: Uint8Array) => decoder.decode(b).replace(/\0.*$/s, '')

function entryName(h: Uint8Array): string {
  const name = text(h.subarray(0, 100))
  const isUstar = text(h.subarray(257, 262)) === 'ustar'
  const prefix = isUstar ? text(h.subarray(345, 500)) : ''
  return prefix ? `${prefix}/${name}` : name
}

function octal(h: Uint8Array, offset: number, length: number, at: number): number {
  const field = text(h.subarray(offset, offset + length)).trim()
  if (field === '') return 0
  if (!/^[0-7]+$/.test(field)) throw new Error(`tar: bad size field at offset ${at + offset}`)
  return parseInt(field, 8)
}

// pax records: "<len> <key>=<value>\n"
function paxPath(body: Uint8Array): string | undefined {
  for (const line of decoder.decode(body).split('\n')) {
    const m = /^\d+ path=(.*)$/.exec(line)
    if (m) return m[1]
  }
  return undefined
}

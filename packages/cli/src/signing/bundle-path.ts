/**
 * A bundle given on the command line, as a map of its files: a built bundle
 * (`.tar.gz` or plain tar, read by the engine's bundle reader within its size
 * limits) or a bundle directory (every regular file below it; symlinks are
 * not followed, as OPA's directory loader does not follow them by default).
 */
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { DEFAULT_MAX_UNCOMPRESSED_BYTES, readBundleFiles } from '@cordon/engine'
import { UsageError } from '../usage-error.js'

export interface BundleOnDisk {
  kind: 'archive' | 'directory'
  /** Files by path inside the bundle, `/`-separated, no leading `/`. */
  files: Map<string, Uint8Array>
  /**
   * The name a file has in `.signatures.json`. In an archive, its path. In a
   * directory, the directory as given joined with it, as `opa sign --bundle DIR`
   * writes (OPA's directory loader hashes the file's URL) and OPA verifies.
   */
  signedName(file: string): string
}

export async function readBundlePath(p: string): Promise<BundleOnDisk> {
  let stat
  try {
    stat = statSync(p)
  } catch {
    throw new UsageError(`${p}: no such file or directory`)
  }
  if (!stat.isDirectory()) {
    return { kind: 'archive', files: await readBundleFiles(new Uint8Array(readFileSync(p))), signedName: (f) => f }
  }
  const files = new Map<string, Uint8Array>()
  let total = 0
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name)
      const inside = rel === '' ? name : `${rel}/${name}`
      const st = lstatSync(full)
      if (st.isDirectory()) walk(full, inside)
      else if (st.isFile()) {
        total += st.size
        // The same bound as a built bundle's contents: a directory is no way around it.
        if (total > DEFAULT_MAX_UNCOMPRESSED_BYTES)
          throw new UsageError(`${p}: more than ${DEFAULT_MAX_UNCOMPRESSED_BYTES} bytes of files`)
        files.set(inside, new Uint8Array(readFileSync(full)))
      }
    }
  }
  walk(p, '')
  const root = p.split(path.sep).join('/')
  return { kind: 'directory', files, signedName: (f) => path.posix.join(root, f).replace(/^\/+/, '') }
}

export const SIGNATURES_FILE = '.signatures.json'

/**
 * The files under the names their signature uses (see {@link BundleOnDisk.signedName}),
 * as the engine's verifier takes them: the bundle's own `.signatures.json` keeps its name.
 */
export function filesAsSigned(bundle: BundleOnDisk): Map<string, Uint8Array> {
  return new Map(
    [...bundle.files].map(([name, data]) => [name === SIGNATURES_FILE ? name : bundle.signedName(name), data]),
  )
}

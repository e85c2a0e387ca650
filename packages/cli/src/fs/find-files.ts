import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import type { IgnoreName } from './ignore-globs.js'

/**
 * Expands files and folders into the sorted list of files whose names end in
 * one of `extensions`, searching folders recursively (skipping node_modules and
 * dot folders, and what `ignore` names: `--ignore`). A named file is kept
 * whatever its extension. Throws an Error naming the path when one does not exist.
 */
export function findFiles(paths: readonly string[], extensions: readonly string[], ignore?: IgnoreName): string[] {
  const out = new Set<string>()
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules' || ignore?.(entry.name)) continue
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (extensions.some((ext) => entry.name.endsWith(ext))) out.add(full)
    }
  }
  for (const p of paths) {
    let stat
    try {
      stat = statSync(p)
    } catch {
      throw new Error(`${p}: no such file or directory`)
    }
    if (stat.isDirectory()) walk(p)
    else out.add(p)
  }
  return [...out].sort()
}

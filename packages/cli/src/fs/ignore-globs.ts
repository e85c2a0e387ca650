/**
 * `--ignore GLOB` as OPA's loader applies it (`loader.GlobExcludeName`): a
 * file or folder found below a PATH is skipped when its own name (not its
 * path) matches one of the globs; a skipped folder is skipped whole. The glob
 * syntax is Go's `filepath.Match`: `*`, `?`, `[abc]`, `[^a-z]`, `\` escapes.
 */
export type IgnoreName = (name: string) => boolean

export function ignoreNames(globs: readonly string[]): IgnoreName {
  const patterns = globs.map(globRegExp)
  return (name) => patterns.some((re) => re.test(name))
}

function globRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else if (c === '\\' && i + 1 < glob.length) re += escape(glob[++i]!)
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2)
      if (end < 0) re += '\\['
      else {
        const body = glob.slice(i + 1, end)
        re += `[${body.startsWith('^') ? '^' + escapeClass(body.slice(1)) : escapeClass(body)}]`
        i = end
      }
    } else re += escape(c)
  }
  return new RegExp(`^${re}$`, 's')
}

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
// Keeps ranges (a-z) and Go's backslash escapes; escapes what a RegExp class would read otherwise.
const escapeClass = (body: string) => body.replace(/[\][^]/g, '\\$&')

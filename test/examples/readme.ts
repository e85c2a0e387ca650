/**
 * Reads an example's README as a user does: the `sh` blocks (the start
 * command, `NAME=$(…)` lines, curl requests) and the sentence before each
 * curl block, which says what it answers. The tests run exactly that text.
 */

export interface ShBlock {
  /** The command lines, `\`-continued lines joined. */
  lines: string[]
  /** The paragraph just above the block. */
  before: string
}

/** Every ```sh block of `markdown`, with the paragraph above it. */
export function shBlocks(markdown: string): ShBlock[] {
  const blocks: ShBlock[] = []
  const re = /```sh\n([\s\S]*?)```/g
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    const text = m[1]!.replace(/\\\n\s*/g, ' ')
    const above = markdown
      .slice(0, m.index)
      .trimEnd()
      .split(/\n\s*\n/)
    blocks.push({
      lines: text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
      before: above[above.length - 1] ?? '',
    })
  }
  return blocks
}

/** Splits a shell command line into words: '…' literal, "…" with $NAME expanded, bare words with $NAME expanded. */
function shellWords(line: string, vars: Record<string, string>): string[] {
  const words: string[] = []
  const expand = (s: string) =>
    s.replace(/\$([A-Z_][A-Z0-9_]*)/g, (_, name: string) => {
      if (!(name in vars)) throw new Error(`README uses $${name}, which no line above sets`)
      return vars[name]!
    })
  const re = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g
  for (let m = re.exec(line); m; m = re.exec(line)) {
    words.push(m[1] ?? expand(m[2] ?? m[3]!))
  }
  return words
}

export interface CurlRequest {
  url: string
  init: { method: string; headers: [string, string][]; body?: string }
}

/** The request a `curl` line sends (the flags the READMEs use: -i, -H, -d, -X). */
export function curlToFetch(line: string, vars: Record<string, string>): CurlRequest {
  const words = shellWords(line, vars)
  if (words[0] !== 'curl') throw new Error(`not a curl line: ${line}`)
  let url: string | undefined
  let method: string | undefined
  let body: string | undefined
  const headers: [string, string][] = []
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!
    if (w === '-i' || w === '-s') continue
    else if (w === '-H') {
      const h = words[++i]!
      const at = h.indexOf(':')
      headers.push([h.slice(0, at).trim(), h.slice(at + 1).trim()])
    } else if (w === '-d') body = words[++i]
    else if (w === '-X') method = words[++i]
    else if (w.startsWith('-')) throw new Error(`curl flag ${w} is not understood by this test: ${line}`)
    else url = w
  }
  if (!url) throw new Error(`curl line without a URL: ${line}`)
  return { url, init: { method: method ?? (body === undefined ? 'GET' : 'POST'), headers, body } }
}

/** The status the paragraph above a curl block promises (its first three-digit number). */
export function promisedStatus(paragraph: string): number | undefined {
  const m = /\b([1-5]\d\d)\b/.exec(paragraph)
  return m ? Number(m[1]) : undefined
}

/** Error codes the paragraph names in backticks (`snake_case`), which the answer's body must carry. */
export function promisedCodes(paragraph: string): string[] {
  return [...paragraph.matchAll(/`([a-z]+(?:_[a-z]+)+)`/g)].map((m) => m[1]!)
}

/** Headers the paragraph names in backticks (`lower-case-with-dashes`), which the answer must carry. */
export function promisedHeaders(paragraph: string): string[] {
  return [...paragraph.matchAll(/`([a-z]+(?:-[a-z]+)+)`/g)].map((m) => m[1]!)
}

/** Headers the paragraph shows with a value in backticks (`Link: <…>; rel="blocked-by"`): name, and the pieces around each `…`. */
export function promisedHeaderValues(paragraph: string): { name: string; pieces: string[] }[] {
  return [...paragraph.matchAll(/`([A-Z][A-Za-z-]+): ([^`]+)`/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    pieces: m[2]!.split('…').filter(Boolean),
  }))
}

/** The `→ answer` a command line's comment promises, up to its first `…`. */
export function promisedOutput(line: string): string | undefined {
  const at = line.indexOf('→')
  return at < 0
    ? undefined
    : line
        .slice(at + 1)
        .split('…')[0]!
        .trim()
}

/** Code blocks whose first line names a file (`# policy/app.rego`, `// server.mjs`): the file and its text. */
export function fileBlocks(markdown: string): { file: string; text: string }[] {
  const files: { file: string; text: string }[] = []
  for (const m of markdown.matchAll(/```\w+\n(?:#|\/\/) ([\w./-]+\.\w+)\n([\s\S]*?)```/g))
    files.push({ file: m[1]!, text: m[2]! })
  return files
}

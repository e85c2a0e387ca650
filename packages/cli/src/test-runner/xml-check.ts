/**
 * A small XML well-formedness check for tests of the JUnit reporter (no XML
 * parser is a dependency): one root, balanced tags, quoted attributes,
 * known entities only. Throws an Error naming the first problem.
 */
export function checkXml(text: string): { root: string; elements: number } {
  let s = text.replace(/^<\?xml[^?]*\?>\s*/, '')
  const stack: string[] = []
  let root = ''
  let elements = 0
  const name = '[A-Za-z_][\\w.-]*'
  const attr = `\\s+${name}="[^"<]*"`
  const open = new RegExp(`^<(${name})((?:${attr})*)\\s*(/?)>`)
  const close = new RegExp(`^</(${name})\\s*>`)
  while (s.length > 0) {
    if (s.startsWith('</')) {
      const m = close.exec(s)
      if (!m) throw new Error(`bad closing tag at: ${s.slice(0, 40)}`)
      if (stack.pop() !== m[1]) throw new Error(`</${m[1]}> does not close the open element`)
      s = s.slice(m[0].length)
    } else if (s.startsWith('<')) {
      const m = open.exec(s)
      if (!m) throw new Error(`bad tag at: ${s.slice(0, 40)}`)
      if (stack.length === 0) {
        if (root) throw new Error('more than one root element')
        root = m[1]!
      }
      elements++
      for (const v of m[2]!.matchAll(/="([^"]*)"/g)) checkText(v[1]!)
      if (m[3] !== '/') stack.push(m[1]!)
      s = s.slice(m[0].length)
    } else {
      const next = s.indexOf('<')
      const chunk = next < 0 ? s : s.slice(0, next)
      if (stack.length === 0 && chunk.trim() !== '') throw new Error(`text outside the root: ${chunk.slice(0, 40)}`)
      checkText(chunk)
      s = next < 0 ? '' : s.slice(next)
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)}>`)
  if (!root) throw new Error('no root element')
  return { root, elements }
}

function checkText(t: string): void {
  for (const m of t.matchAll(/&([^;\s]*);?/g)) {
    if (!/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+)$/.test(m[1]!) || !m[0].endsWith(';'))
      throw new Error(`bad entity ${m[0]}`)
  }
}

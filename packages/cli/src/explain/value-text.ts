/**
 * A value as Rego text, cut at a byte budget: explain keeps the values a
 * policy saw, and a hostile policy can bind a variable to something huge.
 * Printing stops at the budget instead of building the whole text first.
 */
import { DecimalNumber, RegoObject, RegoSet, type Value } from '@cordon/builtins'

/** The text of `v`, at most `max` characters; a cut text ends with `…`. */
export function valueText(v: Value, max: number): string {
  const out: string[] = []
  let left = max
  const put = (s: string): boolean => {
    if (left <= 0) return false
    out.push(s.length <= left ? s : s.slice(0, left))
    left -= s.length
    return left >= 0
  }
  const print = (x: Value): boolean => {
    if (x === null || typeof x === 'boolean' || typeof x === 'number' || typeof x === 'bigint') return put(String(x))
    // A long string is cut before it is quoted, so its escaped copy stays small.
    if (typeof x === 'string') return put(JSON.stringify(x.length > left ? x.slice(0, left) : x))
    if (x instanceof DecimalNumber) return put(x.text)
    if (Array.isArray(x)) return seq('[', ']', x, print)
    if (x instanceof RegoSet) return x.size === 0 ? put('set()') : seq('{', '}', x.values(), print)
    if (x instanceof RegoObject) return seq('{', '}', x.entries(), ([k, y]) => print(k) && put(': ') && print(y))
    return put('?')
  }
  const seq = <T>(open: string, close: string, items: T[], each: (t: T) => boolean): boolean => {
    if (!put(open)) return false
    for (let i = 0; i < items.length; i++) if ((i > 0 && !put(', ')) || !each(items[i]!)) return false
    return put(close)
  }
  const whole = print(v)
  const text = out.join('')
  return whole ? text : text.slice(0, Math.max(0, max - 1)) + '…'
}

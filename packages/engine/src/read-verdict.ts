/**
 * Reads an entrypoint's result set straight into the engine's verdict
 * (decision.ts `verdictFromResultSet`), without the plain result set, its
 * binding object and the copy of the decision's other fields in between.
 */

import { denied, verdictOf, type Verdict } from './decision.js'
import { setOwn } from './own-property.js'
import { ValueReader } from './read-value.js'
import { T_BOOLEAN, T_OBJECT } from './value-layout.js'

export class VerdictReader extends ValueReader {
  /** The verdict of the result set at `addr`. Throws NotPlainJson where `readResultSet` would. */
  readVerdict(addr: number): Verdict {
    const binding = this.solution(addr)
    if (binding === 0 || this.bytes[binding] !== T_OBJECT) return denied('undefined_decision')
    const value = this.resultOf(binding)
    if (value === 0) return denied('undefined_decision')
    const type = this.bytes[value]
    if (type === T_BOOLEAN) return { allow: this.value(value) as boolean, reasons: [], result: {} }
    if (type !== T_OBJECT) return denied('undefined_decision')
    const base = this.sp
    const end = this.entries(value)
    let allow = 0
    let code = 0
    let reasons = 0
    // One pass: the verdict's own fields are picked out, the others read
    // into `result` (what build does, without a call per key to tell them apart).
    const result: Record<string, unknown> = {}
    for (let i = base; i < end; i++) {
      const key = this.keys[i]!
      if (key === 'allow') allow = this.values[i]!
      else if (key === 'code') code = this.values[i]!
      else if (key === 'reasons') reasons = this.values[i]!
      else setOwn(result, key, this.value(this.values[i]!))
    }
    this.sp = base
    if (allow === 0 || this.bytes[allow] !== T_BOOLEAN) return denied('undefined_decision')
    return verdictOf(
      this.value(allow) as boolean,
      code === 0 ? undefined : this.value(code),
      reasons === 0 ? undefined : this.value(reasons),
      result,
    )
  }

  /** The value of the binding `result` in a solution's bindings object (0: none). */
  private resultOf(binding: number): number {
    const base = this.sp
    const end = this.entries(binding)
    let found = 0
    for (let i = base; i < end; i++) if (this.keys[i] === 'result') found = this.values[i]!
    this.sp = base
    return found
  }
}

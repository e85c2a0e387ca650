/**
 * IR locals → Wasm locals of one generated function. A func's parameters are
 * Wasm parameters in order; every other IR local gets an i32 Wasm local on
 * first use. Wasm zero-initialises locals, which is the IR's "undefined".
 */
import { ValType, type FunctionBuilder } from '../binary/index.js'
import type { Local } from '@cordon/rego'

export class LocalMap {
  private readonly map = new Map<Local, number>()

  /**
   * @param f the builder that owns the Wasm locals
   * @param params IR locals bound to the Wasm parameters `0 .. params.length-1`
   */
  constructor(
    private readonly f: FunctionBuilder,
    params: readonly Local[] = [],
  ) {
    params.forEach((l, i) => this.map.set(l, i))
  }

  /** The Wasm local of an IR local (allocated on first use). */
  get(local: Local): number {
    let w = this.map.get(local)
    if (w === undefined) {
      w = this.f.addLocal(ValType.i32)
      this.map.set(local, w)
    }
    return w
  }

  /** A fresh i32 Wasm local no IR local maps to (scratch for generated code). */
  temp(): number {
    return this.f.addLocal(ValType.i32)
  }
}

/**
 * The static type language of builtin declarations, in the JSON form OPA's
 * `capabilities.json` uses, so a capabilities file written by OPA or by
 * Cordon can be read as it is.
 */
export type TypeDecl =
  | { type: 'any'; of?: TypeDecl[] }
  | { type: 'null' }
  | { type: 'boolean' }
  | { type: 'number' }
  | { type: 'string' }
  | { type: 'array'; static?: TypeDecl[]; dynamic?: TypeDecl }
  | { type: 'set'; of?: TypeDecl }
  | {
      type: 'object'
      static?: { key: string | number | boolean | null; value: TypeDecl }[]
      dynamic?: { key: TypeDecl; value: TypeDecl }
    }
  | FunctionDecl

/** A builtin's signature. `variadic` (print only) takes any number of further arguments. */
export interface FunctionDecl {
  type: 'function'
  args?: TypeDecl[]
  result?: TypeDecl
  variadic?: TypeDecl
}

/** One builtin function: its Rego name and signature, as in OPA's capabilities. */
export interface BuiltinDecl {
  name: string
  decl: FunctionDecl
  /** The infix operator that stands for it (`+` for `plus`), if any. */
  infix?: string
  deprecated?: boolean
  /** Gives a new value per call (`time.now_ns`, `rand.intn`): memoised within one evaluation. */
  nondeterministic?: boolean
  /** Usable as a relation: the last argument may be unbound and is enumerated (`walk`). */
  relation?: boolean
}

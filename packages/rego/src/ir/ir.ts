/**
 * Cordon's intermediate representation: the contract between the planner
 * (Rego → IR, in this package) and the Wasm code generator (`@cordon/wasm`).
 *
 * The shape follows OPA's planner IR, which is proven on the whole language:
 * a policy is a set of plans (one per entrypoint) and funcs (one per rule
 * path or function), each made of blocks of statements. A statement that is
 * undefined ("fails") ends its block; control resumes after that block. No
 * Rego source or AST survives into the IR: it is compiled code.
 *
 * Values are opaque: locals hold value pointers, 0 meaning undefined.
 */

/** A local variable slot, scoped to one plan or func. Locals 0 and 1 are `input` and `data`. */
export type Local = number

export const INPUT_LOCAL: Local = 0
export const DATA_LOCAL: Local = 1

/**
 * What a statement reads: a local, a string constant, a boolean constant, or
 * a constant value (`Policy.values[index]`: a ground array, object or set,
 * prebuilt by the backend; never mutated, like every operand).
 */
export type Operand =
  | { kind: 'local'; local: Local }
  | { kind: 'string'; index: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'value'; index: number }

/**
 * A constant value (docs/adr/0004-constant-values.md). Numbers keep their
 * literal text; object keys and set elements may repeat (later keys win,
 * equal elements collapse), exactly as if the value were built statement by
 * statement.
 */
export type ConstValue =
  | { type: 'null' }
  | { type: 'boolean'; value: boolean }
  | { type: 'number'; text: string }
  | { type: 'string'; value: string }
  | { type: 'array'; items: ConstValue[] }
  | { type: 'object'; entries: [ConstValue, ConstValue][] }
  | { type: 'set'; items: ConstValue[] }

/** Where a statement came from, so run-time errors point at Rego source. `file` indexes `Policy.files`. */
export interface StmtLocation {
  file: number
  row: number
  col: number
}

export interface Policy {
  /** String constants, referenced by index from operands and statements. */
  strings: string[]
  /** Constant values, referenced by index from `value` operands (absent: none). */
  values?: ConstValue[]
  /** Source file names, referenced by `StmtLocation.file`. */
  files: string[]
  /** The builtins the policy calls, by name (the backend decides native vs host). */
  builtins: string[]
  plans: Plan[]
  funcs: Func[]
}

/** An entrypoint: runs its blocks in order; each success path adds to the result set. */
export interface Plan {
  /** The entrypoint name in slash form (`ai_access/decision`). */
  name: string
  blocks: Block[]
}

/**
 * A rule path or function. Params start with input and data; function
 * arguments follow. Runs its blocks until one returns.
 */
export interface Func {
  name: string
  params: Local[]
  returnLocal: Local
  blocks: Block[]
  /** The rule path (`['data', 'pkg', 'rule']`), for dynamic dispatch. */
  path?: string[]
  /**
   * Cache the result for the rest of the evaluation (funcs with no arguments);
   * the cache is saved and restored around `with`.
   */
  memoize?: boolean
}

export interface Block {
  stmts: Stmt[]
}

type At = { loc?: StmtLocation }

/** The statements. Each names what makes it fail, if anything. */
export type Stmt = At &
  (
    | { type: 'ReturnLocal'; source: Local }
    /** Call a func (by name) or a builtin (by name); fails when the result is undefined. */
    | { type: 'Call'; func: string; args: Operand[]; result: Local }
    /** Look `path` up among rule paths at run time and call that func; fails on a miss. */
    | { type: 'CallDynamic'; args: Operand[]; path: Operand[]; result: Local }
    /** Run nested blocks in sequence, each its own failure scope. */
    | { type: 'Block'; blocks: Block[] }
    /** Leave `index + 1` enclosing blocks (0 = the current one). */
    | { type: 'Break'; index: number }
    /** target = source[key]; fails when there is no such key or source is a scalar. */
    | { type: 'Dot'; source: Operand; key: Operand; target: Local }
    | { type: 'Len'; source: Operand; target: Local }
    /**
     * Run `block` per element of an array, object or set; a failure moves on to the next element.
     * `ordered`: object keys and set elements come in Rego's value order, as in OPA's evaluator
     * (set where the order shows: in an array comprehension); otherwise in any order.
     */
    | { type: 'Scan'; source: Local; key: Local; value: Local; block: Block; ordered?: boolean }
    /** Succeeds iff `block` fails. */
    | { type: 'Not'; block: Block }
    | { type: 'AssignInt'; value: number; target: Local }
    | { type: 'AssignVar'; source: Operand; target: Local }
    /** Assign when unset; equal value: nothing; different value: conflict error. */
    | { type: 'AssignVarOnce'; source: Operand; target: Local }
    | { type: 'ResetLocal'; target: Local }
    | { type: 'MakeNull'; target: Local }
    | { type: 'MakeNumberInt'; value: number; target: Local }
    /** A number from the decimal text of string constant `index` (every number literal). */
    | { type: 'MakeNumberRef'; index: number; target: Local }
    | { type: 'MakeArray'; capacity: number; target: Local }
    | { type: 'MakeObject'; target: Local }
    | { type: 'MakeSet'; target: Local }
    | { type: 'Equal'; a: Operand; b: Operand }
    | { type: 'NotEqual'; a: Operand; b: Operand }
    | { type: 'IsArray'; source: Operand }
    | { type: 'IsObject'; source: Operand }
    | { type: 'IsSet'; source: Operand }
    | { type: 'IsDefined'; source: Local }
    | { type: 'IsUndefined'; source: Local }
    | { type: 'ArrayAppend'; value: Operand; array: Local }
    | { type: 'ObjectInsert'; key: Operand; value: Operand; object: Local }
    /** Insert; the same key with an equal value is fine, a different value is a conflict error. */
    | { type: 'ObjectInsertOnce'; key: Operand; value: Operand; object: Local }
    /**
     * Deep merge into a new object (the planner passes the base document as
     * `a`, the virtual one as `b`). A key held by both is merged again when
     * both values are objects; otherwise `a`'s value stays, as in OPA's
     * runtime. Fails when `a` or `b` is not an object.
     */
    | { type: 'ObjectMerge'; a: Operand; b: Operand; target: Local }
    | { type: 'SetAdd'; value: Operand; set: Local }
    /**
     * Run `block` with `local` replaced by `value` (empty path) or with
     * `value` upserted at `path` (string-constant indices) in a copy of it.
     * With an empty path, `value` may be an undefined local: the planner
     * restores a saved `input` that was never set this way. Fails when the
     * block fails.
     */
    | { type: 'With'; local: Local; path: number[]; value: Operand; block: Block }
    /**
     * Rule indexing (not in OPA's IR; docs/adr/0007-rule-indexing.md): look
     * the value of `key` up in constant object `table` (`Policy.values`),
     * whose values are the integers 0 … cases.length-1, and run that case.
     * Nothing runs when `key` is undefined or not in the table. Never fails:
     * a failing case only leaves its own block.
     */
    | { type: 'Switch'; key: Local; table: number; cases: Block[] }
    | { type: 'Nop' }
    /** Add a bindings object to the plan's result set. */
    | { type: 'ResultSetAdd'; value: Local }
  )

export type StmtType = Stmt['type']

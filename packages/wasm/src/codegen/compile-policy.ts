/**
 * `compileWasm`: Cordon IR → a Wasm module in OPA's ABI, linked to the
 * prebuilt runtime. The work is a table of stages over one `Compilation`;
 * each stage is small and runs once, in order.
 */
import { COUNT_TESTS } from './count-tests.js'
import {
  ExternalKind,
  FunctionBuilder,
  type Export,
  ModuleLinker,
  removeDeadCode,
  ValType,
  writeModule,
} from '../binary/index.js'
import { timeStage, walkPolicy, type Func, type Policy } from '@cordon/rego'
import { planBuiltins } from './builtin-map.js'
import { evalFunction, nameTableFunction } from './abi-funcs.js'
import { addPlanFunctions } from './plan-shapes.js'
import { FnEmitter, type Imports, type ModuleCtx } from './emitter.js'
import { lowerStmts } from './lower-stmt.js'
import { runtimeLibrary, type RuntimeInfo, type RuntimeLibrary } from './runtime-lib.js'
import { constValueStrings, ConstValues } from './const-values.js'
import { addCacheExports, cacheableFuncs, emitCacheLookup } from './data-cache.js'
import { ARRAY_HEADER, StaticData } from './strings.js'
import { addStartFunction, packStaticData } from './filled-at-start.js'
import { addFuel, funcsWithoutEntryFuel } from './fuel.js'
import { argumentMemoFuncs, emitArgumentMemoLookup, emitArgumentMemoStore } from './argument-memo.js'
import { HOST_EXPORTS } from './host-exports.js'
import { lowerBlocksOutlined, OUTLINE_MIN_STMTS } from './outline.js'
import { sharedCode } from './shared-code.js'

export interface CompileWasmResult {
  wasm: Uint8Array
  /** The builtins the host must provide, in id order (what `builtins()` lists). */
  hostBuiltins: string[]
}

export interface CompileWasmOptions {
  /**
   * The steps (scan iterations and func calls) an evaluation may take before
   * it aborts with `resource_exhausted`, unless the host sets another limit
   * (fuel.ts). Default DEFAULT_FUEL.
   */
  fuel?: number
  /** `Block` statements of this many statements or more become functions of their own (default OUTLINE_MIN_STMTS, outline.ts). */
  outlineMinStmts?: number
}

interface Compilation {
  policy: Policy
  info: RuntimeInfo
  linker: ModuleLinker
  m: ModuleCtx
  planIndices: number[]
  /** Address of the `cordon_strings` table. */
  stringTable: number
  wasm?: Uint8Array
}

type Stage = { name: string; run(c: Compilation): void }

/** A body that traps: functions are declared first (so calls can refer to them) and filled in later. */
const STUB_BODY = new Uint8Array([0x00, 0x00, 0x0b])

const stages: Stage[] = [
  {
    name: 'strings',
    // The constants' strings too: then nearly all are filled in at start (strings.ts).
    run: ({ policy, m }) => {
      m.data.stringValues([...policy.strings, ...constValueStrings(policy.values ?? [])])
      // The files of error locations (call sites, conflicts), prefix-coded.
      m.data.cStringsAtStart(policy.files)
    },
  },
  {
    name: 'constant values',
    run: ({ policy, m }) => m.values.addAll(policy.values ?? []),
  },
  {
    name: 'builtins',
    run: (c) => {
      const names = new Set(c.policy.builtins)
      walkPolicy(c.policy, (s) => {
        if (s.type === 'Call' && !c.m.funcs.has(s.func)) names.add(s.func)
      })
      c.m.builtins = planBuiltins(names, (n) => c.info.functions[n] !== undefined, c.info.builtins)
      // The fused `count(x) == 0` and the like (count-tests.ts), where the runtime has them.
      for (const [name, fn] of Object.entries(COUNT_TESTS))
        if (c.info.functions[fn] !== undefined) c.m.builtins.native.set(name, fn)
    },
  },
  {
    name: 'data cache',
    run: ({ policy, linker, m }) => {
      const funcs = cacheableFuncs(policy, m.memo.slots, m.builtins)
      if (funcs.size > 0) m.cache = { global: linker.addGlobal(ValType.i32, true, 0), funcs }
    },
  },
  {
    // Keyed by addresses below the data cache's table: only with a data cache.
    name: 'argument memo',
    run: ({ policy, m }) => {
      if (m.cache) m.memo.byArgument = argumentMemoFuncs(policy, m.builtins, m.memo.slots.size * 4)
    },
  },
  {
    name: 'declare funcs',
    run: ({ policy, linker, m }) => {
      for (const func of policy.funcs) {
        const type = linker.addType(Array(func.params.length).fill(ValType.i32), [ValType.i32])
        m.funcs.get(func.name)!.index = linker.addFunction(type, STUB_BODY, func.name)
      }
    },
  },
  {
    name: 'func bodies',
    run: ({ policy, linker, m }) => {
      const noEntryFuel = funcsWithoutEntryFuel(policy)
      for (const func of policy.funcs) linker.replaceBody(m.funcs.get(func.name)!.index, funcBody(m, func, noEntryFuel))
    },
  },
  {
    name: 'plans',
    run: (c) => {
      c.planIndices = addPlanFunctions(c.m, c.policy.plans)
    },
  },
  {
    name: 'abi exports',
    run: (c) => {
      const { info, linker, m, policy, planIndices } = c
      linker.replaceBody(info.placeholders.eval, evalFunction(m, planIndices))
      linker.replaceBody(info.placeholders.builtins, nameTableFunction(m, m.builtins.host))
      linker.replaceBody(
        info.placeholders.entrypoints,
        nameTableFunction(
          m,
          policy.plans.map((p) => p.name),
        ),
      )
      if (m.cache) addCacheExports(m)
      // Last, once every static string is laid out.
      const table = m.data.stringTable()
      m.data.finish()
      c.stringTable = table
      const strings = new FunctionBuilder([], [ValType.i32]).i32Const(table)
      linker.addExport(
        'cordon_strings',
        ExternalKind.func,
        linker.addFunction({ params: [], results: [ValType.i32] }, strings, 'cordon_strings'),
      )
      // `cordon_hash_seed(k0, k1)`: the host keys the instance's hash (issue 14.7) before building any value.
      const maps = m.data.addressArray(m.values.maps)
      const seed = new FunctionBuilder([ValType.i32, ValType.i32], [])
        .localGet(0)
        .localGet(1)
        .i32Const(table)
        .i32Const(maps)
        .call(m.rt('cordon_reseed'))
      linker.addExport(
        'cordon_hash_seed',
        ExternalKind.func,
        linker.addFunction({ params: [ValType.i32, ValType.i32], results: [] }, seed, 'cordon_hash_seed'),
      )
    },
  },
  {
    // Last of the data: packed when that pays, filled in by the start function.
    name: 'static data',
    run: ({ linker, m, stringTable }) =>
      addStartFunction(m, {
        packed: packStaticData(linker),
        strings: m.data.filledAtStart,
        names: m.data.namesFilledAtStart,
        tableEntries: stringTable + ARRAY_HEADER,
      }),
  },
  {
    name: 'heap base',
    run: ({ info, linker }) => linker.setGlobalInit(info.heapBaseGlobal.index, Math.ceil(linker.dataEnd / 16) * 16),
  },
  {
    // Only what the host exports and the policy reach of the runtime library (issue 18).
    name: 'dead code and emit',
    run: (c) => {
      const keepExport = (e: Export) => HOST_EXPORTS.has(e.name)
      // The policy's data (packed or not) names none of the runtime's: its lengths, numbers and packed bytes keep none alive.
      const opaqueSegmentAt = c.linker.addedDataAddress
      c.wasm = writeModule(removeDeadCode(c.linker.toModule(), { keepExport, opaqueSegmentAt }))
    },
  },
]

/** Compiles a planned policy. Throws an Error naming the problem when the IR cannot be compiled. */
export function compileWasm(policy: Policy, options: CompileWasmOptions = {}): CompileWasmResult {
  const { module, info } = runtimeLibrary()
  const linker = new ModuleLinker(module)
  const m = moduleCtx(
    policy,
    runtimeLibrary(),
    linker,
    addFuel(linker, options.fuel, runtimeScanStep(info)),
    options.outlineMinStmts ?? OUTLINE_MIN_STMTS,
  )
  const c: Compilation = { policy, info, linker, m, planIndices: [], stringTable: 0 }
  for (const stage of stages) {
    try {
      timeStage(`wasm ${stage.name}`, () => stage.run(c))
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err)
      throw new Error(`compileWasm (${stage.name}): ${msg}`, { cause: err })
    }
  }
  return { wasm: c.wasm!, hostBuiltins: [...c.m.builtins.host] }
}

function moduleCtx(
  policy: Policy,
  lib: RuntimeLibrary,
  linker: ModuleLinker,
  fuel: ModuleCtx['fuel'],
  outlineMinStmts: number,
): ModuleCtx {
  const { info } = lib
  const importIndex = (name: string) => {
    const imp = info.imports.find((i) => i.kind === 'func' && i.name === name)
    if (imp?.index == null) throw new Error(`the runtime does not import env.${name}`)
    return imp.index
  }
  const imports: Imports = {
    abort: importIndex('opa_abort'),
    builtin: [0, 1, 2, 3, 4].map((n) => importIndex(`opa_builtin${n}`)),
  }
  const funcs = new Map<string, { func: Func; index: number }>()
  for (const func of policy.funcs) {
    if (funcs.has(func.name)) throw new Error(`two funcs named ${func.name}`)
    funcs.set(func.name, { func, index: -1 })
  }
  const slots = new Map<string, number>()
  // Only funcs of input and data alone: extra params (the values of `with f as v`
  // mocks) can differ between calls, and the cache is keyed by func only.
  for (const func of policy.funcs) if (func.memoize && func.params.length === 2) slots.set(func.name, slots.size)
  const helpers = new Map<string, number>()
  const locFile = info.globals?.cordon_loc_file?.index
  const locRow = info.globals?.cordon_loc_row?.index
  const data = new StaticData(linker)
  return {
    linker,
    data,
    values: new ConstValues(linker, data, lib),
    policy,
    imports,
    builtins: { native: new Map(), fastPaths: new Map(), host: [], hostIds: new Map() },
    funcs,
    callSite: locFile !== undefined && locRow !== undefined ? { file: locFile, row: locRow } : undefined,
    memo: { global: slots.size > 0 ? linker.addGlobal(ValType.i32, true, 0) : -1, slots },
    fuel,
    outlineMinStmts,
    shared: sharedCode(policy),
    rt(name) {
      const index = info.functions[name] ?? linker.funcIndexByExport(name)
      if (index === undefined) throw new Error(`the runtime library has no function ${name}`)
      return index
    },
    helper(name, make) {
      let index = helpers.get(name)
      if (index === undefined) helpers.set(name, (index = make()))
      return index
    },
  }
}

/** The runtime's globals of `cordon_scan_step`, when it has them (fuel.ts). */
function runtimeScanStep(info: RuntimeInfo): { counter: number; scanValue: number } | undefined {
  const counter = info.globals?.cordon_fuel?.index
  const scanValue = info.globals?.cordon_scan_v?.index
  return counter !== undefined && scanValue !== undefined ? { counter, scanValue } : undefined
}

function funcBody(m: ModuleCtx, func: Func, noEntryFuel: ReadonlySet<string>): FnEmitter['f'] {
  const e = new FnEmitter(m, func.params.length, 1, func.params, func)
  e.body = { blocks: func.blocks, entry: func.params }
  const f = e.f
  const slot = m.memo.slots.get(func.name)
  if (slot !== undefined && m.cache?.funcs.has(func.name)) emitCacheLookup(m, f, slot, e.temp())
  if (slot !== undefined) {
    const cached = e.temp()
    f.globalGet(m.memo.global)
      .i32Load(slot * 4)
      .localTee(cached)
    f.withIf(() => f.localGet(cached).return())
  }
  const byArgument = m.memo.byArgument?.get(func.name)
  if (byArgument !== undefined) e.argumentMemo = { offset: byArgument, entry: emitArgumentMemoLookup(e, byArgument) }
  if (!noEntryFuel.has(func.name)) e.burnFuel('entry')
  lowerBlocksOutlined(e, func.blocks, e.body, lowerStmts)
  if (e.argumentMemo) emitArgumentMemoStore(e, e.argumentMemo.offset, e.argumentMemo.entry, e.local(func.returnLocal))
  f.localGet(e.local(func.returnLocal))
  return f
}

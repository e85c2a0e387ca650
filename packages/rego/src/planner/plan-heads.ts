/**
 * Writing a partial rule's result into its document: nested objects along
 * the key path are created on demand (objects are shared by reference, so
 * inserting into a nested one updates the document), the leaf is inserted
 * once (a different value for the same key is a conflict), and a
 * multi-value head adds to a set stored at the leaf.
 */
import type { Local, Operand } from '../ir/ir.js'
import type { Location } from '../location.js'
import { type Ctx, emit, inBlock, local } from './context.js'

export function insertAtPath(
  c: Ctx,
  root: Local,
  keys: Operand[],
  leaf: Operand,
  contains: boolean,
  loc: Location,
): void {
  if (keys.length === 0) {
    if (contains) emit(c, { type: 'SetAdd', value: leaf, set: root })
    return
  }
  let obj = root
  const last = keys.length - 1
  for (let i = 0; i < last; i++) obj = getOrCreate(c, obj, keys[i]!, 'MakeObject', loc)
  if (contains) {
    const set = getOrCreate(c, obj, keys[last]!, 'MakeSet', loc)
    emit(c, { type: 'SetAdd', value: leaf, set })
    return
  }
  emit(c, { type: 'ObjectInsertOnce', key: keys[last]!, value: leaf, object: obj, loc: c.st.loc(loc) })
}

/**
 * The object or set at `obj[key]`, made when missing. When another rule put
 * a different kind of value there (`g.q := 2` beside `g[x].y := 1`), the
 * rules conflict: inserting an empty one "once" then aborts with OPA's
 * conflict error, instead of writing into a value of the wrong kind.
 */
function getOrCreate(c: Ctx, obj: Local, key: Operand, make: 'MakeObject' | 'MakeSet', loc: Location): Local {
  const child = c.sc.newLocal()
  emit(c, { type: 'ResetLocal', target: child })
  emit(c, {
    type: 'Block',
    blocks: [inBlock(c, () => emit(c, { type: 'Dot', source: local(obj), key, target: child }))],
  })
  const create = inBlock(c, () => {
    emit(c, { type: 'IsUndefined', source: child })
    emit(c, { type: make, target: child })
    emit(c, { type: 'ObjectInsert', key, value: local(child), object: obj })
  })
  emit(c, { type: 'Block', blocks: [create] })
  const conflict = inBlock(c, () => {
    emit(c, {
      type: 'Not',
      block: inBlock(c, () => emit(c, { type: make === 'MakeSet' ? 'IsSet' : 'IsObject', source: local(child) })),
    })
    const empty = c.sc.newLocal()
    emit(c, { type: make, target: empty })
    emit(c, { type: 'ObjectInsertOnce', key, value: local(empty), object: obj, loc: c.st.loc(loc) })
  })
  emit(c, { type: 'Block', blocks: [conflict] })
  return child
}

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

export function insertAtPath(c: Ctx, root: Local, keys: Operand[], leaf: Operand, contains: boolean, loc: Location): void {
  if (keys.length === 0) {
    if (contains) emit(c, { type: 'SetAdd', value: leaf, set: root })
    return
  }
  let obj = root
  const last = keys.length - 1
  for (let i = 0; i < last; i++) obj = getOrCreate(c, obj, keys[i]!, 'MakeObject')
  if (contains) {
    const set = getOrCreate(c, obj, keys[last]!, 'MakeSet')
    emit(c, { type: 'SetAdd', value: leaf, set })
    return
  }
  emit(c, { type: 'ObjectInsertOnce', key: keys[last]!, value: leaf, object: obj, loc: c.st.loc(loc) })
}

function getOrCreate(c: Ctx, obj: Local, key: Operand, make: 'MakeObject' | 'MakeSet'): Local {
  const child = c.sc.newLocal()
  emit(c, { type: 'ResetLocal', target: child })
  emit(c, { type: 'Block', blocks: [inBlock(c, () => emit(c, { type: 'Dot', source: local(obj), key, target: child }))] })
  const create = inBlock(c, () => {
    emit(c, { type: 'IsUndefined', source: child })
    emit(c, { type: make, target: child })
    emit(c, { type: 'ObjectInsert', key, value: local(child), object: obj })
  })
  emit(c, { type: 'Block', blocks: [create] })
  return child
}

export {
  compare,
  decimalParts,
  DecimalNumber,
  equal,
  keyOf,
  normalizeInteger,
  numberFromText,
  RegoObject,
  RegoSet,
  typeName,
  type TypeName,
  type Value,
} from './value.js'
export { fromJson, parseTermText, toJson, toTermText } from './term-text.js'
export { runtimeStringHash, type RuntimeHashKey } from './runtime-hash.js'

import { coreLightImpls } from './group-core-light.js'
import { jsonImpls } from './json.js'
import type { BuiltinImpl } from './types.js'

/** Host implementations of the core group, by Rego name (see impl/README.md for the split). */
export const coreImpls: Readonly<Record<string, BuiltinImpl>> = { ...coreLightImpls, ...jsonImpls }

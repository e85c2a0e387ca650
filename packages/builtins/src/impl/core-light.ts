import { encodingImpls } from './encoding.js'
import { httpImpls } from './http.js'
import { jwtDecodeImpls } from './jwt-decode.js'
import { netImpls } from './net.js'
import { runtimeDebugImpls } from './runtime-debug.js'
import { templateImpls } from './templates.js'
import { timeImpls } from './time.js'
import { coreLightImpls } from './group-core-light.js'
import type { BuiltinImpl } from './types.js'
import { urlqueryImpls } from './urlquery.js'

/**
 * The host builtins whose modules import no heavy third-party library
 * (@noble/*, graphql, @cfworker/json-schema, re2js, yaml, node-forge): what
 * the engine loads by default. The rest of `hostBuiltinImpls` is imported
 * (`await import('@cordon/builtins')`) only when a module needs one of them.
 */
export const lightHostBuiltinImpls: ReadonlyMap<string, BuiltinImpl> = new Map(
  Object.entries({
    ...coreLightImpls,
    ...encodingImpls,
    ...urlqueryImpls,
    ...timeImpls,
    ...netImpls,
    ...templateImpls,
    ...runtimeDebugImpls,
    ...httpImpls,
    ...jwtDecodeImpls,
  }),
)

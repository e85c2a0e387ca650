import { aggregatesImpls } from './aggregates.js'
import { arraysImpls } from './arrays.js'
import { comparisonImpls } from './comparison.js'
import { encodingImpls } from './encoding.js'
import { httpImpls } from './http.js'
import { jwtDecodeImpls } from './jwt-decode.js'
import { netImpls } from './net.js'
import { numbersImpls } from './numbers.js'
import { objectsImpls } from './objects.js'
import { randImpls } from './rand.js'
import { runtimeDebugImpls } from './runtime-debug.js'
import { semverImpls } from './semver.js'
import { setsImpls } from './sets.js'
import { sprintfImpls } from './sprintf.js'
import { stringsImpls } from './strings.js'
import { templateImpls } from './templates.js'
import { timeImpls } from './time.js'
import type { BuiltinImpl } from './types.js'
import { typesCastsImpls } from './types-casts.js'
import { unitsImpls } from './units.js'
import { urlqueryImpls } from './urlquery.js'
import { uuidImpls } from './uuid.js'
import { walkGraphImpls } from './walk-graph.js'

/**
 * The host builtins whose modules import no heavy third-party library
 * (@noble/*, graphql, @cfworker/json-schema, re2js, yaml, node-forge): what
 * the engine loads by default. The rest of `hostBuiltinImpls` is imported
 * (`await import('@cordon/builtins')`) only when a module needs one of them.
 */
export const lightHostBuiltinImpls: ReadonlyMap<string, BuiltinImpl> = new Map(
  Object.entries({
    ...comparisonImpls,
    ...numbersImpls,
    ...aggregatesImpls,
    ...arraysImpls,
    ...setsImpls,
    ...objectsImpls,
    ...typesCastsImpls,
    ...stringsImpls,
    ...sprintfImpls,
    ...unitsImpls,
    ...walkGraphImpls,
    ...semverImpls,
    ...uuidImpls,
    ...randImpls,
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

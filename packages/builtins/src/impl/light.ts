/**
 * The light family: the host builtins whose modules import no heavy
 * third-party library (@noble/*, graphql, @cfworker/json-schema, re2js,
 * yaml), so the engine loads them by default. Every other host builtin is in
 * one family of `../families/*`, loaded only when a module calls one of its
 * builtins (see family-names.ts). One registration per family, as regorus
 * registers each family behind a feature.
 */
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

/** The light family's host builtins, by Rego name: what the engine loads by default. */
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

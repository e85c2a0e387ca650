import { aggregatesImpls } from './aggregates.js'
import { arraysImpls } from './arrays.js'
import { comparisonImpls } from './comparison.js'
import { numbersImpls } from './numbers.js'
import { objectsImpls } from './objects.js'
import { randImpls } from './rand.js'
import { semverImpls } from './semver.js'
import { setsImpls } from './sets.js'
import { sprintfImpls } from './sprintf.js'
import { stringsImpls } from './strings.js'
import type { BuiltinImpl } from './types.js'
import { typesCastsImpls } from './types-casts.js'
import { unitsImpls } from './units.js'
import { uuidImpls } from './uuid.js'
import { walkGraphImpls } from './walk-graph.js'

/**
 * The core group without `json.*`, whose schema builtins load
 * @cfworker/json-schema and re2js: the part of the core group the engine loads by default.
 */
export const coreLightImpls: Readonly<Record<string, BuiltinImpl>> = {
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
}

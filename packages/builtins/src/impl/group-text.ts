import { encodingImpls } from './encoding.js'
import { globImpls } from './glob.js'
import { httpImpls } from './http.js'
import { netImpls } from './net.js'
import { regexImpls } from './regex.js'
import { runtimeDebugImpls } from './runtime-debug.js'
import { templateImpls } from './templates.js'
import { timeImpls } from './time.js'
import type { BuiltinImpl } from './types.js'
import { urlqueryImpls } from './urlquery.js'
import { yamlImpls } from './yaml.js'

/** Host implementations of the text group, by Rego name (see impl/README.md for the split). */
export const textImpls: Readonly<Record<string, BuiltinImpl>> = {
  ...regexImpls,
  ...globImpls,
  ...encodingImpls,
  ...urlqueryImpls,
  ...yamlImpls,
  ...timeImpls,
  ...netImpls,
  ...templateImpls,
  ...runtimeDebugImpls,
  ...httpImpls,
}

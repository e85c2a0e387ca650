/**
 * OPA's text of an evaluation error, `file:row[:col]: code: message`: the
 * engine keeps the code apart from the message, which starts with the
 * location when the module knows it (strict builtin errors, conflicts).
 */
export function opaErrorText(code: string, message: string): string {
  const m = /^([^:\s]+:\d+(?::\d+)?): ([\s\S]*)$/.exec(message)
  return m ? `${m[1]}: ${code}: ${m[2]}` : `${code}: ${message}`
}

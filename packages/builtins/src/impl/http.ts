/**
 * `http.send`. OPA's builtin is synchronous; Web-standard APIs only offer
 * asynchronous requests (`fetch`), so a synchronous host builtin cannot make
 * one. After OPA's own checks of the request object (type, `raise_error`,
 * unknown and missing keys, with OPA's errors), the call fails with
 * eval_builtin_error "http.send: network access is not enabled", both when
 * the embedder has not allowed network access and when it has (there is no
 * synchronous transport). With `raise_error: false` the failure is returned
 * as OPA returns network errors: `{"status_code": 0, "error": {...}}`.
 */
import { RegoObject, RegoSet, type Value } from '../value/index.js'
import { builtinError, typeError, type BuiltinImpl } from './types.js'
import { operandError, termText } from './text-util.js'
import { httpRequestKeys } from './http-request-keys.js'

const NAME = 'http.send'

const errorResult = (code: string, message: string): Value =>
  RegoObject.fromRecord({ status_code: 0, error: RegoObject.fromRecord({ code, message }) })

export const httpImpls: Record<string, BuiltinImpl> = {
  [NAME]: (args) => {
    const req = args[0] ?? null
    if (!(req instanceof RegoObject)) throw typeError(NAME, 1, 'object', req)
    const raise = req.get('raise_error')
    if (raise !== undefined && typeof raise !== 'boolean')
      throw builtinError(NAME, 'invalid value for raise_error field')
    const raiseError = raise !== false
    const keys = req.keys()
    const invalid = new RegoSet(keys.filter((k) => typeof k !== 'string' || !httpRequestKeys.has(k)))
    const missing = new RegoSet(['method', 'url'].filter((k) => !req.has(k)))
    const problem =
      invalid.size > 0
        ? `invalid request parameters(s): ${termText(invalid)}`
        : missing.size > 0
          ? `missing required request parameters(s): ${termText(missing)}`
          : undefined
    if (problem !== undefined) {
      if (raiseError) throw operandError(NAME, 1, problem)
      return errorResult('eval_http_send_internal_error', `${NAME}: operand 1 ${problem}`)
    }
    if (raiseError) throw builtinError(NAME, 'network access is not enabled')
    return errorResult('eval_http_send_network_error', 'network access is not enabled')
  },
}

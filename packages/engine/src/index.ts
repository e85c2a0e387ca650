/**
 * Loads policies compiled to WebAssembly in OPA's Wasm ABI (by Cordon or by
 * `opa build -t wasm`) and decides with them. Uses only Web-standard APIs, so
 * it runs unchanged in Node, workerd, Vercel's edge runtime, Deno and Bun.
 * Never imports the compiler. Node-only helpers are in `@cordon/engine/node`.
 *
 * @module \@cordon/engine
 *
 * @example
 * ```ts
 * import { createEngine } from '@cordon/engine'
 *
 * const engine = await createEngine({ bundle, schema, decisionLog: { sinks: [consoleSink()], mask: ['/user/id'] } })
 * const d = await engine.decide(input, { entrypoint: 'ai_access/decision' })
 * // d: { allow, code, reasons, result, decisionId, revision, entrypoint }
 * await engine.load(newBundle) // atomic; on any failure the old one stays live
 * ```
 */
export * from './exports-shared.js'
export { createEngine, readBundle } from './create-engine.js'
export { compileSchema } from './compile-schema.js'

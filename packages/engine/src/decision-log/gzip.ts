/**
 * Gzip for upload bodies, with the runtime's CompressionStream (browsers,
 * workerd, Vercel's edge runtime, Deno, Bun, Node 18+: every runtime the
 * engine supports). No library fallback on purpose: an `import()` here would
 * be emitted into every bundled Worker (a bundler keeps each dynamic import),
 * and `@cordon/engine/lean` imports nothing on demand.
 */
export async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof CompressionStream !== 'function') {
    throw new Error('gzip: this runtime has no CompressionStream (Node 18+, workerd, Deno, Bun and browsers have one)')
  }
  const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

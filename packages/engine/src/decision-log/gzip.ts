/**
 * Gzip for upload bodies: the runtime's CompressionStream where there is one
 * (browsers, workerd, Deno, Bun, Node 18+), else fflate, imported only then
 * so that it adds nothing to a cold start elsewhere.
 */
export async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new TextEncoder().encode(text)
  if (typeof CompressionStream === 'function') {
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))
    return new Uint8Array(await new Response(stream).arrayBuffer())
  }
  return new Uint8Array((await import('fflate')).gzipSync(bytes))
}

// Types of esbuild.mjs, for the tests that use it.
export function bundle(entry: string, outfile: string, target: 'node'): Promise<void>
export function bundleWorker(
  entry: string,
  outdir: string,
  options?: { minify?: boolean; splitting?: boolean },
): Promise<{
  inputs: Record<string, { bytes: number }>
  outputs: Record<
    string,
    { bytes: number; entryPoint?: string; imports: { path: string; kind: string; external?: boolean }[] }
  >
}>

// `start` of the Node examples, after `cordon build` wrote .cordon/bundle.tar.gz:
// turn the example's server.ts into JavaScript in .cordon/ and run it.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { bundle } from './esbuild.mjs'

const out = resolve('.cordon')
process.env.CORDON_BUNDLE ??= `${out}/bundle.tar.gz`
await bundle(resolve(process.argv[2] ?? 'server.ts'), `${out}/server.mjs`, 'node')
await import(pathToFileURL(`${out}/server.mjs`).href)

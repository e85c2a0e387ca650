// `start` of the Node examples: compile the reference policies, bundle the
// example's server.ts with the @cordon/* sources, and run it.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildPolicy } from './build-policy.mjs'
import { bundle } from './esbuild.mjs'

const out = resolve('.cordon')
process.env.CORDON_BUNDLE = await buildPolicy(out, 'bundle')
await bundle(resolve(process.argv[2] ?? 'server.ts'), `${out}/server.mjs`, 'node')
await import(pathToFileURL(`${out}/server.mjs`).href)

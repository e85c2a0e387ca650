// An application deciding with the built policy and the same builtins.
//   node decide.mjs '{"model": "general-1", "tokens": 1000}'
import { readFileSync } from 'node:fs'
import { defineBuiltin } from '@cordon/builtins'
import { createEngine } from '@cordon/engine'
import * as specs from './builtins.mjs'

const builtins = Object.values(specs).map(defineBuiltin)
const bundle = readFileSync(new URL('./bundle.tar.gz', import.meta.url))
// Without `builtins` this fails at load: "the module needs builtins the host does not provide: acme.families, acme.risk_score".
const engine = await createEngine({ bundle, builtins })
const input = JSON.parse(process.argv[2] ?? '{"model": "general-1", "tokens": 1000}')
console.log(JSON.stringify(await engine.decide(input, { entrypoint: 'risk/decision' })))

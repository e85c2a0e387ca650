// CommonJS consumers: every package loads with require(), and the compiler
// (found through the shimmed import.meta.url) builds a policy from CJS.
const { createEngine } = require('@cordon/engine')
const { buildWasm } = require('@cordon/wasm')
const { checkSources } = require('@cordon/rego')
require('@cordon/cli')
require('@cordon/fetch')
require('@cordon/express')
require('@cordon/hono')
require('@cordon/builtins')

const source = 'package app\n\nallow if input.user == "alice"\n'
if (checkSources([{ file: 'app.rego', text: source }]).diagnostics.length) throw new Error('check failed')
const { wasm } = buildWasm([{ file: 'app.rego', text: source }], { entrypoints: ['app/allow'] })
createEngine({ wasm }).then(async (engine) => {
  const yes = engine.evaluate({ user: 'alice' }, 'app/allow')
  const no = engine.evaluate({ user: 'eve' }, 'app/allow')
  console.log(JSON.stringify({ yes, no }))
})

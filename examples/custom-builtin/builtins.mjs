// Custom Rego builtins shipped with this policy package. Each export is a
// builtin in the form `defineBuiltin` from @cordon/builtins takes: name,
// argument and result types (OPA's capabilities form), implementation.
//
// They are plain objects here so the module has no run-time dependency:
// `cordon … --builtins builtins.mjs` accepts them as they are, and an
// application passes them through `defineBuiltin` for the engine (decide.mjs).
// In TypeScript, write `export const riskScore = defineBuiltin({ … })` to get
// the argument types of `impl` inferred from `args`.

/** Relative risk of a model family. */
const FAMILY_RISK = { general: 1, code: 2, frontier: 5 }

/** acme.risk_score(model_id, prompt_tokens) → number: the model family's risk × log10 of the prompt size. */
export const riskScore = {
  name: 'acme.risk_score',
  args: [{ type: 'string' }, { type: 'number' }],
  result: { type: 'number' },
  description: "A model family's risk weighted by the prompt size",
  impl(modelId, tokens) {
    const family = modelId.split('-')[0]
    const risk = FAMILY_RISK[family]
    if (risk === undefined) throw new Error(`unknown model family ${JSON.stringify(family)}`)
    return Math.round(risk * Math.log10(Math.max(10, Number(tokens))) * 100) / 100
  },
}

/** acme.families() → set: the model families risk_score knows. */
export const families = {
  name: 'acme.families',
  args: [],
  result: { type: 'set', of: { type: 'string' } },
  impl: () => new Set(Object.keys(FAMILY_RISK)),
}

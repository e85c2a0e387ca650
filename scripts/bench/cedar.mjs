// Cedar: the reference logic as a permit-all policy plus one forbid policy
// per denial rule, generated from the same data; the request's attributes go
// in the context (times as epoch seconds: Cedar has no string ordering).
// The policy set is preparsed once (preparsePolicySet) and decisions use
// statefulIsAuthorized. The code is the forbid with the lowest precedence
// among the determining policies (policy ids are `code#n`).
import * as cedar from '@cedar-policy/cedar-wasm/nodejs'
import { PRECEDENCE } from './world.mjs'

const secs = (s) => Math.floor(Date.parse(s) / 1000)
const list = (xs) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`
const window = (...ws) =>
  ws.flatMap((w) => [
    `context.t >= ${secs(w.effective_from)}`,
    ...(w.effective_until ? [`context.t < ${secs(w.effective_until)}`] : []),
  ])

/** The policy set (id → Cedar text) for data["ai-access"]. */
export function policySet(cfg) {
  const policies = { allow: 'permit(principal, action, resource);' }
  let n = 0
  const forbid = (code, conds) => {
    policies[`${code}#${n++}`] = `forbid(principal, action, resource) when { ${conds.join(' && ')} };`
  }
  const emb = cfg.embargo ?? {}
  if (emb.effective_from) {
    if (emb.countries?.length)
      forbid('embargoed_region', [...window(emb), `${list(emb.countries)}.contains(context.country)`])
    if (emb.regions?.length)
      forbid('embargoed_region', [...window(emb), `${list(emb.regions)}.contains(context.region)`])
  }
  forbid('unknown_model', [`!${list(Object.keys(cfg.models ?? {}))}.contains(context.model)`])
  const ul = cfg.unknown_locations ?? {}
  for (const r of cfg.restrictions ?? []) {
    if (!r.effective_from) continue
    forbid('nationality_restricted', [
      ...window(r),
      `${list(r.models)}.contains(context.model)`,
      `!${list(r.allowed_nationalities)}.contains(context.nationality)`,
    ])
    if (ul.effective_from && ul.countries?.length)
      forbid('location_unknown', [
        ...window(r, ul),
        `${list(r.models)}.contains(context.model)`,
        `${list(ul.countries)}.contains(context.country)`,
      ])
  }
  for (const s of cfg.suspensions ?? []) {
    if (!s.effective_from) continue
    const scopes = [
      ['countries', 'country'],
      ['nationalities', 'nationality'],
      ['capabilities', 'capability'],
    ]
      .filter(([k]) => s[k]?.length)
      .map(([k, attr]) => `${list(s[k])}.contains(context.${attr})`)
    if (s.global === true) forbid('model_suspended', [...window(s), `context.model == ${JSON.stringify(s.model)}`])
    else if (scopes.length)
      forbid('model_suspended', [...window(s), `context.model == ${JSON.stringify(s.model)}`, ...scopes])
  }
  for (const [cap, req] of Object.entries(cfg.capability_requirements ?? {})) {
    if (!req.effective_from) continue
    if (req.verified === true)
      forbid('capability_requires_verification', [
        ...window(req),
        `context.capability == ${JSON.stringify(cap)}`,
        `!(context.verified == true)`,
      ])
    if (Array.isArray(req.tiers))
      forbid('capability_not_in_tier', [
        ...window(req),
        `context.capability == ${JSON.stringify(cap)}`,
        `!${list(req.tiers)}.contains(context.tier)`,
      ])
  }
  return policies
}

const principal = { type: 'User', id: 'u' }
const action = { type: 'Action', id: 'access' }
const resource = { type: 'Model', id: 'm' }

export async function create({ cfg }) {
  const staticPolicies = policySet(cfg)
  const parsed = cedar.preparsePolicySet('ai-access', { staticPolicies })
  if (parsed.type !== 'success') throw new Error(`cedar: ${JSON.stringify(parsed.errors)}`)
  const call = (i) => ({
    principal,
    action,
    resource,
    context: {
      nationality: i.user.nationality,
      country: i.request.country,
      region: i.request.region ?? '',
      model: i.model.id,
      capability: i.capability,
      verified: i.user.verified === true,
      tier: i.user.tier ?? '',
      t: secs(i.request.time),
    },
    preparsedPolicySetId: 'ai-access',
    entities: [],
  })
  const decide = (input) => {
    const a = cedar.statefulIsAuthorized(call(input))
    if (a.type !== 'success') throw new Error(`cedar: ${JSON.stringify(a.errors)}`)
    return a.response
  }
  return {
    name: 'cedar',
    full: false,
    policies: Object.keys(staticPolicies).length,
    via: 'statefulIsAuthorized (preparsePolicySet)',
    decide,
    check: (input) => {
      const r = decide(input)
      if (r.decision === 'allow') return { allow: true, code: 'ok' }
      const codes = r.diagnostics.reason.map((id) => id.split('#')[0]).sort((a, b) => PRECEDENCE[a] - PRECEDENCE[b])
      return { allow: false, code: codes[0] }
    },
  }
}

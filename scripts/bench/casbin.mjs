// casbin: the reference logic as a model (matcher + priority effect) and
// policy rows generated from the same data. The first matching row by
// priority decides (priority = the denial code's precedence, an allow row
// last), so enforceExSync also names the code. Timed call: enforceSync.
// Times compare as RFC 3339 strings (every time in the world is UTC, second
// precision, so string order is time order).
import { newEnforcer, newModelFromString, StringAdapter } from 'casbin'
import { PRECEDENCE } from './world.mjs'

export const MODEL = `
[request_definition]
r = nat, country, region, model, cap, verified, tier, time

[policy_definition]
p = priority, kind, key, value, from, until, code, eft

[policy_effect]
e = priority(p.eft) || deny

[matchers]
m = r.time >= p.from && (p.until == "" || r.time < p.until) && (p.kind == "allow" || (p.kind == "country" && r.country == p.key) || (p.kind == "region" && r.region == p.key) || (p.kind == "unknown_model" && !inList(r.model, p.key)) || (p.kind == "nationality" && inList(r.model, p.key) && !inList(r.nat, p.value)) || (p.kind == "location" && inList(r.model, p.key) && inList(r.country, p.value)) || (p.kind == "suspended" && r.model == p.key && scoped(r.country, r.nat, r.cap, p.value)) || (p.kind == "verified" && r.cap == p.key && r.verified != true) || (p.kind == "tier" && r.cap == p.key && !inList(r.tier, p.value)))
`

const lists = new Map()
const set = (text) => {
  let s = lists.get(text)
  if (!s) lists.set(text, (s = new Set(text === '' ? [] : text.split('|'))))
  return s
}
const inList = (x, text) => set(text).has(x)
/** A scoped suspension: "countries;nationalities;capabilities", each a |-list; global when "*". */
const scoped = (country, nat, cap, text) => {
  if (text === '*') return true
  const [c, n, k] = text.split(';').map(set)
  const scopes = [
    [c, country],
    [n, nat],
    [k, cap],
  ].filter(([s]) => s.size > 0)
  return scopes.length > 0 && scopes.every(([s, v]) => s.has(v))
}

const max = (a, b) => (a > b ? a : b)
const minUntil = (a = '', b = '') => (a === '' ? b : b === '' ? a : a < b ? a : b)

/** The policy rows for data["ai-access"]. */
export function policyRows(cfg) {
  const rows = []
  const row = (code, kind, key, value, w) => {
    if (w.effective_from === undefined) return
    rows.push(['p', PRECEDENCE[code] * 10, kind, key, value, w.effective_from, w.effective_until ?? '', code, 'deny'])
  }
  const emb = cfg.embargo ?? {}
  for (const c of emb.countries ?? []) row('embargoed_region', 'country', c, '', emb)
  for (const r of emb.regions ?? []) row('embargoed_region', 'region', r, '', emb)
  rows.push([
    'p',
    PRECEDENCE.unknown_model * 10,
    'unknown_model',
    Object.keys(cfg.models ?? {}).join('|'),
    '',
    '0000',
    '',
    'unknown_model',
    'deny',
  ])
  const ul = cfg.unknown_locations ?? {}
  for (const r of cfg.restrictions ?? []) {
    row('nationality_restricted', 'nationality', r.models.join('|'), r.allowed_nationalities.join('|'), r)
    if (ul.effective_from !== undefined && r.effective_from !== undefined) {
      const w = {
        effective_from: max(r.effective_from, ul.effective_from),
        effective_until: minUntil(r.effective_until, ul.effective_until) || undefined,
      }
      row('location_unknown', 'location', r.models.join('|'), (ul.countries ?? []).join('|'), w)
    }
  }
  for (const s of cfg.suspensions ?? []) {
    const scope =
      s.global === true
        ? '*'
        : ['countries', 'nationalities', 'capabilities'].map((k) => (s[k] ?? []).join('|')).join(';')
    row('model_suspended', 'suspended', s.model, scope, s)
  }
  for (const [cap, req] of Object.entries(cfg.capability_requirements ?? {})) {
    if (req.verified === true) row('capability_requires_verification', 'verified', cap, '', req)
    if (Array.isArray(req.tiers)) row('capability_not_in_tier', 'tier', cap, req.tiers.join('|'), req)
  }
  rows.push(['p', 1000, 'allow', '', '', '0000', '', 'ok', 'allow'])
  return rows
}

const CODE = 6 // index of `code` in a policy row

export async function create({ cfg }) {
  const rows = policyRows(cfg)
  const e = await newEnforcer(newModelFromString(MODEL), new StringAdapter(rows.map((r) => r.join(', ')).join('\n')))
  await e.addFunction('inList', inList)
  await e.addFunction('scoped', scoped)
  const args = (i) => [
    i.user.nationality,
    i.request.country,
    i.request.region ?? '',
    i.model.id,
    i.capability,
    i.user.verified === true,
    i.user.tier ?? '',
    i.request.time,
  ]
  return {
    name: 'casbin',
    full: false,
    rows: rows.length,
    decide: (input) => e.enforceSync(...args(input)),
    check: (input) => {
      const [allow, rule] = e.enforceExSync(...args(input))
      return { allow, code: rule?.[CODE] ?? (allow ? 'ok' : undefined) }
    },
  }
}

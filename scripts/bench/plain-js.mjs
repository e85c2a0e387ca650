// The floor: the reference policy's logic as a hand-written JavaScript
// function over the same data (precomputed into Sets and epoch times once).
// It returns the whole decision {allow, code, reasons, legal_basis?, alternatives},
// so it is also the oracle of the agreement check.
import { PRECEDENCE } from './world.mjs'

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/
const parseTime = (s) => (typeof s === 'string' && RFC3339.test(s) ? Date.parse(s) : undefined)
const REQUIRED = [['user', 'nationality'], ['request', 'country'], ['model', 'id'], ['capability']]

/** A window [from, until) in ms; `from` undefined means never in effect. */
const window = (r) => ({
  from: parseTime(r?.effective_from),
  until: r?.effective_until === undefined ? undefined : parseTime(r.effective_until),
  hasUntil: r?.effective_until !== undefined,
})
const inEffect = (w, t) =>
  t !== undefined && w.from !== undefined && t >= w.from && !(w.hasUntil && w.until !== undefined && t >= w.until)

export function makeFloor(cfg) {
  const models = cfg.models ?? {}
  const modelIds = Object.keys(models).sort()
  const restrictions = (cfg.restrictions ?? []).map((r) => ({
    ...r,
    w: window(r),
    models: new Set(r.models),
    allowed: new Set(r.allowed_nationalities),
    allowedText: r.allowed_nationalities.join(', '),
  }))
  const emb = cfg.embargo ?? {}
  const embW = window(emb)
  const embCountries = new Set(emb.countries ?? [])
  const embRegions = new Set(emb.regions ?? [])
  const ul = cfg.unknown_locations ?? {}
  const ulW = window(ul)
  const ulCountries = new Set(ul.countries ?? [])
  const caps = Object.fromEntries(
    Object.entries(cfg.capability_requirements ?? {}).map(([k, v]) => [
      k,
      { ...v, w: window(v), tierSet: Array.isArray(v.tiers) ? new Set(v.tiers) : undefined },
    ]),
  )
  const suspensions = (cfg.suspensions ?? []).map((s) => ({ ...s, w: window(s) }))

  const denial = (code, reason, basis) => ({ code, reason, legal_basis: basis })

  function requestDenials(input, t) {
    const out = []
    if (t === undefined) out.push(denial('invalid_request', 'request.time must be an RFC 3339 timestamp', ''))
    for (const p of REQUIRED) {
      let v = input
      for (const k of p) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? v[k] : undefined
      if (typeof v !== 'string') out.push(denial('invalid_request', `${p.join('.')} must be a string`, ''))
    }
    const country = input.request?.country
    const region = input.request?.region
    if (inEffect(embW, t)) {
      if (embCountries.has(country))
        out.push(denial('embargoed_region', `requests from ${country} are embargoed`, emb.legal_basis))
      if (embRegions.has(region))
        out.push(denial('embargoed_region', `requests from region ${region} are embargoed`, emb.legal_basis))
    }
    const cap = input.capability
    const req = typeof cap === 'string' && Object.hasOwn(caps, cap) ? caps[cap] : undefined
    if (req && inEffect(req.w, t)) {
      if (req.verified === true && input.user?.verified !== true)
        out.push(denial('capability_requires_verification', `${cap} needs a verified user`, req.legal_basis ?? ''))
      if (req.tierSet && !req.tierSet.has(input.user?.tier)) {
        out.push(
          denial(
            'capability_not_in_tier',
            `${cap} is only available in tier ${req.tiers.join(', ')}, not ${input.user?.tier ?? 'none'}`,
            req.legal_basis ?? '',
          ),
        )
      }
    }
    return out
  }

  function modelDenials(m, input, t, out) {
    if (typeof m === 'string' && !Object.hasOwn(models, m))
      out.push(denial('unknown_model', `model ${m} is not a known model`, ''))
    const nat = input.user?.nationality
    const country = input.request?.country
    const unknownLoc = inEffect(ulW, t) && ulCountries.has(country)
    for (const r of restrictions) {
      if (!r.models.has(m) || !inEffect(r.w, t)) continue
      if (!r.allowed.has(nat))
        out.push(
          denial(
            'nationality_restricted',
            `model ${m} is restricted by ${r.id} to nationals of ${r.allowedText}`,
            r.legal_basis,
          ),
        )
      if (unknownLoc)
        out.push(
          denial(
            'location_unknown',
            `model ${m} is restricted by ${r.id} and the request location is unknown (${country})`,
            r.legal_basis,
          ),
        )
    }
    for (const s of suspensions) {
      if (s.model !== m || !inEffect(s.w, t) || !applies(s, input)) continue
      out.push(
        denial(
          'model_suspended',
          `model ${m} is suspended by ${s.id}: ${s.reason ?? 'no reason given'}`,
          s.legal_basis ?? '',
        ),
      )
    }
    return out
  }

  function applies(s, input) {
    if (s.global === true) return true
    const scopes = [
      ['countries', input.request?.country],
      ['nationalities', input.user?.nationality],
      ['capabilities', input.capability],
    ].filter(([k]) => Array.isArray(s[k]) && s[k].length > 0)
    return scopes.length > 0 && scopes.every(([k, v]) => v !== undefined && s[k].includes(v))
  }

  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0)

  return function decide(input) {
    const t = parseTime(input.request?.time)
    const rd = requestDenials(input, t)
    const m = input.model?.id
    const all = m === undefined ? rd.slice() : modelDenials(m, input, t, rd.slice())
    // a set: identical denials count once
    const seen = new Set()
    const denials = all.filter((d) => {
      const k = `${d.code}\0${d.reason}\0${d.legal_basis}`
      return seen.has(k) ? false : (seen.add(k), true)
    })
    denials.sort(
      (a, b) =>
        PRECEDENCE[a.code] - PRECEDENCE[b.code] ||
        cmp(a.reason, b.reason) ||
        cmp(a.code, b.code) ||
        cmp(a.legal_basis, b.legal_basis),
    )
    let alternatives = []
    if (denials.length > 0 && rd.length === 0) {
      alternatives = modelIds.filter((id) => id !== m && modelDenials(id, input, t, []).length === 0)
    }
    const first = denials[0]
    const decision = {
      allow: denials.length === 0,
      code: first ? first.code : 'ok',
      reasons: denials.map((d) => d.reason),
      alternatives,
    }
    if (first && first.legal_basis !== '' && first.legal_basis !== undefined) decision.legal_basis = first.legal_basis
    return decision
  }
}

/** The adapter: `decide` is the timed call, `check` what the agreement check compares. */
export async function create({ cfg }) {
  const decide = makeFloor(cfg)
  return { name: 'plain-js', full: true, decide, check: decide }
}

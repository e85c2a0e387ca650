// The shared world of the benchmark: the reference policy and its data
// (policies/ai-access, entrypoint ai_access/decision), seeded random requests
// that follow schemas/request-context.schema.json, and the comparison used
// by the agreement check.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const ENTRYPOINT = 'ai_access/decision'
export const policyDir = path.join(root, 'policies/ai-access')

/** Runs this checkout's stock CLI, `cordon ARGS`, in a child process. */
export function cordonCli(args, stdio = 'inherit') {
  execFileSync(process.execPath, [path.join(root, 'packages/cli/dist/main.js'), ...args], { stdio })
}

/** The Rego modules below `dir` (recursively), tests left out, as SourceFiles. */
export function regoSources(dir = path.join(root, 'policies')) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.rego') && !f.endsWith('_test.rego'))
    .sort()
    .map((f) => ({ file: path.join(path.relative(root, dir), f), text: readFileSync(path.join(dir, f), 'utf8') }))
}

/** The reference data (data["ai-access"]). */
export const loadConfig = () => JSON.parse(readFileSync(path.join(policyDir, 'data.json'), 'utf8'))

/** The whole data document the policy is built and evaluated with. */
export const dataDocument = (cfg = loadConfig()) => ({ 'ai-access': cfg })

/** mulberry32: a small seeded PRNG. */
export function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const NATIONALITIES = ['US', 'DE', 'FR', 'GB', 'CN', 'IR', 'IN', 'BR', 'CU', 'JP']
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'CN', 'CU', 'IR', 'KP', 'SY', 'UA', 'XX', 'T1', 'JP', 'RU']
const REGIONS = {
  US: ['US-CA', 'US-NY'],
  DE: ['DE-BE', 'DE-BY'],
  UA: ['UA-43', 'UA-14', 'UA-09', 'UA-30'],
  GB: ['GB-ENG'],
  FR: ['FR-IDF'],
}
const CAPABILITIES = ['chat', 'tool_use', 'code_execution', 'image_generation', 'embeddings', 'fine_tuning']
const TIERS = ['free', 'pro', 'enterprise']
const TIMES = [
  '2019-06-01T00:00:00Z',
  '2020-06-01T12:00:00Z',
  '2024-12-31T23:59:59Z',
  '2025-06-01T08:30:00Z',
  '2025-12-31T23:59:59Z',
  '2026-01-01T00:00:00Z',
  '2026-11-27T12:00:00Z',
  '2027-03-01T00:00:00Z',
]

/** `n` requests in the shape of the request-context schema, from `seed`, over the models of `cfg` plus an unknown one. */
export function randomRequests(n, seed = 1, cfg = loadConfig()) {
  const r = rng(seed)
  const pick = (xs) => xs[Math.floor(r() * xs.length)]
  const models = [...Object.keys(cfg.models), 'mystery-9']
  const out = []
  for (let i = 0; i < n; i++) {
    const country = pick(COUNTRIES)
    const regions = REGIONS[country] ?? [`${country}-01`]
    const model = pick(models)
    const user = { id: `u${i}`, nationality: pick(NATIONALITIES), verified: r() < 0.5 }
    if (r() < 0.9) user.tier = pick(TIERS)
    out.push({
      user,
      request: { country, region: pick(regions), time: pick(TIMES) },
      model: { id: model, provider: cfg.models[model]?.provider ?? 'unknown' },
      capability: pick(CAPABILITIES),
    })
  }
  return out
}

/** The sample of the issue: a German national asks for frontier-1 (denied, with alternatives). */
export const sampleRequest = {
  user: { id: 'u1', nationality: 'DE', verified: true, tier: 'pro' },
  request: { country: 'DE', region: 'DE-BE', time: '2026-11-27T12:00:00Z' },
  model: { id: 'frontier-1', provider: 'acme' },
  capability: 'chat',
}

/** JSON with sorted keys, for comparing decisions. */
export function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(v)
}

/** The precedence of denial codes (policy.rego): the lowest names the decision's code. */
export const PRECEDENCE = {
  invalid_request: 1,
  embargoed_region: 2,
  unknown_model: 3,
  nationality_restricted: 4,
  location_unknown: 5,
  model_suspended: 6,
  capability_requires_verification: 7,
  capability_not_in_tier: 8,
}

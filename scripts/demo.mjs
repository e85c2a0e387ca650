#!/usr/bin/env node
/**
 * The demo (`pnpm demo`, after `pnpm build`): builds policies/ into an OPA
 * bundle with the built `cordon` command, loads it into the engine, runs a
 * table of requests through it and prints each decision; then suspends
 * general-1 for fine_tuning in Germany with a live data update — no rebuild,
 * same bundle revision — and shows the decisions that changed.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cli = path.join(root, 'packages/cli/dist/main.js')
const engineEntry = path.join(root, 'packages/engine/dist/index.js')
const readJson = (file) => JSON.parse(readFileSync(path.join(root, file), 'utf8'))

const color = process.stdout.isTTY && !process.env.NO_COLOR
const paint = (code) => (s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s)
const green = paint('32')
const red = paint('31')
const bold = paint('1')
const dim = paint('2')

const TIME = '2026-11-27T12:00:00Z'
/** Latency: the median of RUNS decisions of the same request (input validation + evaluation). */
const RUNS = 25
/** [label, nationality, country, region, model, capability, user extras, time] */
const REQUESTS = [
  ['US national in the US', 'US', 'US', 'US-CA', 'frontier-1', 'chat'],
  ['German national in Berlin', 'DE', 'DE', 'DE-BE', 'frontier-1', 'chat'],
  ['French national in the US', 'FR', 'US', 'US-NY', 'frontier-2', 'tool_use'],
  ['German national in Berlin', 'DE', 'DE', 'DE-BE', 'general-1', 'chat'],
  ['US national in Iran', 'US', 'IR', undefined, 'general-1', 'chat'],
  ['Ukrainian national in Crimea', 'UA', 'UA', 'UA-43', 'partner-1', 'chat'],
  ['Ukrainian national in Kyiv', 'UA', 'UA', 'UA-30', 'partner-1', 'chat'],
  ['US national, location unknown', 'US', 'XX', undefined, 'frontier-1', 'chat'],
  ['US national over Tor', 'US', 'T1', undefined, 'general-1', 'embeddings'],
  ['unverified user runs code', 'GB', 'GB', undefined, 'general-1', 'code_execution', { verified: false }],
  ['verified user runs code', 'GB', 'GB', undefined, 'partner-1', 'code_execution'],
  ['pro user fine-tunes', 'DE', 'DE', 'DE-BE', 'general-1', 'fine_tuning', { tier: 'pro' }],
  ['enterprise fine-tunes in Germany', 'DE', 'DE', 'DE-BE', 'general-1', 'fine_tuning'],
  ['enterprise fine-tunes in France', 'DE', 'FR', 'FR-IDF', 'general-1', 'fine_tuning'],
  ['German enterprise, frontier-1', 'DE', 'DE', 'DE-HH', 'frontier-1', 'fine_tuning'],
  ['Japanese national, unknown model', 'JP', 'JP', undefined, 'frontier-9', 'chat'],
  ['before the order took effect', 'DE', 'DE', 'DE-BE', 'frontier-1', 'chat', {}, '2025-12-31T23:00:00Z'],
]

function toInput([, nationality, country, region, model, capability, extras = {}, time = TIME], i) {
  return {
    user: { id: `user-${i + 1}`, nationality, verified: true, tier: 'enterprise', ...extras },
    request: { country, ...(region ? { region } : {}), time },
    model: { id: model },
    capability,
  }
}

function table(rows, headers) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => stripAnsi(r[i]).length)))
  const line = (cells) =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i] - stripAnsi(c).length))
      .join('  ')
      .trimEnd()
  return [bold(line(headers)), dim(widths.map((w) => '─'.repeat(w)).join('  ')), ...rows.map(line)].join('\n')
}
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '')

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'cordon-demo-'))
  try {
    // 1. Build policies/ into a bundle with the cordon command, as an operator would.
    const bundlePath = path.join(dir, 'ai-access.tar.gz')
    console.log(bold('$ cordon build policies/ -o ai-access.tar.gz'))
    const started = performance.now()
    process.stdout.write(
      execFileSync(process.execPath, [cli, 'build', path.join(root, 'policies'), '-o', bundlePath], {
        cwd: root,
        encoding: 'utf8',
      }),
    )
    console.log(dim(`  compiled in ${Math.round(performance.now() - started)} ms`))

    // 2. Load it into the engine, with the request context schema for input validation.
    const engineModule = await import(engineEntry)
    const engine = await engineModule.createEngine({
      bundle: new Uint8Array(readFileSync(bundlePath)),
      schema: readJson('schemas/request-context.schema.json'),
    })
    const decide = (input) => {
      const times = []
      let d
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now()
        d = engine.decideSync(input, { entrypoint: 'ai_access/decision' })
        times.push(performance.now() - t0)
      }
      return { ...d, ms: times.sort((a, b) => a - b)[RUNS >> 1] }
    }
    console.log(`loaded bundle revision ${engine.revision}; entrypoints: ${engine.entrypoints.join(', ')}\n`)

    // Warm up, so the latencies are the engine's, not the JIT's.
    const inputs = REQUESTS.map(toInput)
    for (let i = 0; i < 4; i++) inputs.forEach(decide)
    const before = inputs.map(decide)
    console.log(bold(`${REQUESTS.length} requests through ai_access/decision (request.time ${TIME} unless noted):\n`))
    printDecisions(before)

    // 3. A live data update: suspend general-1 for fine_tuning in Germany. No rebuild.
    const suspension = {
      id: 'susp-2026-11-de-fine-tuning',
      model: 'general-1',
      countries: ['DE'],
      capabilities: ['fine_tuning'],
      reason: 'fine-tuning suspended in Germany pending review',
      effective_from: '2026-11-27T00:00:00Z',
    }
    const data = readJson('policies/ai-access/data.json')
    const updated = { ...data, suspensions: [...data.suspensions, suspension] }
    await validateData(updated)
    const revision = engine.revision
    const t0 = performance.now()
    engine.patchData(['ai-access', 'suspensions'], updated.suspensions)
    const patchMs = performance.now() - t0
    console.log(
      bold(
        `\nLive data update, no rebuild: engine.patchData(['ai-access', 'suspensions'], …) in ${patchMs.toFixed(2)} ms`,
      ),
    )
    console.log(`  ${JSON.stringify(suspension)}`)
    console.log(
      `  bundle revision still ${engine.revision === revision ? engine.revision : `${revision} → ${engine.revision} (!)`}\n`,
    )

    const after = inputs.map(decide)
    const changed = after
      .map((d, i) => [i, before[i], d])
      .filter(([, b, a]) => JSON.stringify(summary(b)) !== JSON.stringify(summary(a)))
    console.log(bold(`${changed.length} decisions changed:\n`))
    console.log(
      table(
        changed.map(([i, b, a]) => [
          String(i + 1),
          REQUESTS[i][0],
          REQUESTS[i][4],
          REQUESTS[i][5],
          verdict(b),
          b.result.alternatives?.join(', ') || '—',
          '→',
          verdict(a),
          a.result.alternatives?.join(', ') || '—',
        ]),
        ['#', 'request', 'model', 'capability', 'before', 'alternatives', '', 'after', 'alternatives'],
      ),
    )
    for (const [i, , a] of changed) console.log(dim(`  #${i + 1}: ${a.reasons.join('; ') || 'allowed'}`))
    const unchanged = REQUESTS.length - changed.length
    console.log(
      `\n${unchanged} other decisions are unchanged (fine_tuning in France, chat in Germany, every other model).`,
    )
    await engine.close?.()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const summary = (d) => ({ allow: d.allow, code: d.code, reasons: d.reasons, ...d.result })
const verdict = (d) => (d.allow ? green('allow') : red('deny')) + ' ' + d.code

function printDecisions(decisions) {
  const rows = decisions.map((d, i) => {
    const [label, nationality, country, region, model, capability, , time] = REQUESTS[i]
    return [
      String(i + 1),
      label + (time ? dim(` @${time.slice(0, 10)}`) : ''),
      nationality,
      region ? `${country}/${region}` : country,
      model,
      capability,
      verdict(d),
      d.result.alternatives?.join(', ') || '—',
      `${(d.ms * 1000).toFixed(0)} µs`,
    ]
  })
  console.log(
    table(rows, ['#', 'request', 'nat.', 'from', 'model', 'capability', 'decision', 'alternatives', 'latency']),
  )
  console.log(bold('\nReasons and legal basis:'))
  decisions.forEach((d, i) => {
    if (d.allow) return
    const basis = d.result.legal_basis ? dim(` [${d.result.legal_basis}]`) : ''
    console.log(
      `  #${String(i + 1).padEnd(3)} ${d.reasons.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('; ')}${basis}`,
    )
  })
  const ms = decisions.map((d) => d.ms).sort((a, b) => a - b)
  console.log(
    dim(
      `\nlatency per decision (median of ${RUNS} runs each; input validation + evaluation): overall median ${(ms[ms.length >> 1] * 1000).toFixed(0)} µs, max ${(ms[ms.length - 1] * 1000).toFixed(0)} µs`,
    ),
  )
}

/** Operators validate new data against its schema before pushing it live. */
async function validateData(data) {
  const { default: AjvModule } = await import('ajv')
  const Ajv = AjvModule.default ?? AjvModule
  const validate = new Ajv({ allErrors: true }).compile(readJson('schemas/ai-access-data.schema.json'))
  if (!validate(data))
    throw new Error(`the updated data does not match ai-access-data.schema.json: ${JSON.stringify(validate.errors)}`)
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err)
  process.exitCode = 1
})

// Formatting of the benchmark's results: the table of figures, the ratios to
// Cordon, the targets of issue 8, and the secondary measurements.

export const ENGINE_NAMES = ['cordon', 'cordon-opa-wasm-sdk', 'casbin', 'cedar', 'plain-js']

const fmt = (v, digits = 2) =>
  v === null || v === undefined || Number.isNaN(v)
    ? '-'
    : typeof v === 'number'
      ? Math.abs(v) >= 1000
        ? Math.round(v).toLocaleString('en-US')
        : v.toFixed(digits)
      : String(v)

function table(header, rows) {
  const cells = [header, ...rows].map((r) => r.map((c) => String(c)))
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)))
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')
}

/** The targets of issue 8, each { name, value, limit, met }. */
export function targets(result) {
  const e = result.engines
  const r = result.ratios
  const c = e.cordon
  const out = []
  const add = (name, value, limit, met, note = '') =>
    out.push({
      name,
      value,
      limit,
      met: value === null || value === undefined || Number.isNaN(value) ? null : met,
      note,
    })
  add('cordon p50 / casbin p50', r.casbin, '<= 0.2', r.casbin <= 0.2)
  add(
    'cordon p50 / opa-wasm SDK p50 (same module)',
    r['cordon-opa-wasm-sdk'],
    '<= 0.5',
    r['cordon-opa-wasm-sdk'] <= 0.5,
  )
  const pair = result.side_by_side
  if (pair)
    add(
      'the same, side by side in one process',
      pair.ratio,
      '<= 0.5',
      pair.ratio <= 0.5,
      `${pair.rounds} interleaved rounds`,
    )
  add('cordon p50 / plain-js p50', r['plain-js'], '<= 15', r['plain-js'] <= 15)
  const plain = result.side_by_side_plain
  if (plain)
    add(
      'the same, side by side in one process (issue 18)',
      plain.ratio,
      '<= 3',
      plain.ratio <= 3,
      `${plain.rounds} interleaved rounds`,
    )
  const per10M = (c.mem_growth_bytes / result.settings.mem_decisions) * 10_000_000
  add(
    'cordon memory growth, 10M decisions (extrapolated)',
    per10M,
    '< 1 MiB (1048576)',
    per10M < 1048576,
    `measured over ${result.settings.mem_decisions.toLocaleString('en-US')}`,
  )
  const s = result.scaling
  if (s) {
    add(
      'cordon cost, 1,000 / 10 restrictions in data',
      s.data.cordon.ratio_1000_to_10,
      '<= 3',
      s.data.cordon.ratio_1000_to_10 <= 3,
    )
    add(
      'cordon cost, 1,000 / 10 restrictions in rules',
      s.rules.cordon.ratio_1000_to_10,
      '<= 3',
      s.rules.cordon.ratio_1000_to_10 <= 3,
    )
  }
  add('module size of policies/ (KB)', result.module.wasm_bytes / 1000, '<= 200', result.module.wasm_bytes <= 200_000)
  // With --engines, an engine left out has no figures: its targets read n/a.
  add(
    'cordon cold start / casbin cold start',
    c.cold_start_ms / e.casbin?.cold_start_ms,
    '<= 1',
    c.cold_start_ms <= e.casbin?.cold_start_ms,
  )
  return out
}

export function render(result) {
  const lines = []
  const e = result.engines
  lines.push(
    `Cordon benchmark: ${result.env.node}, ${result.env.pinned ?? 'not pinned'}, gc ${result.env.gc ? 'exposed' : 'not exposed'}; ${result.settings.agree_requests} agreement requests (seed ${result.settings.seed}), ${result.settings.mem_decisions.toLocaleString('en-US')} decisions for memory`,
  )
  lines.push('')
  lines.push(
    table(
      ['engine', 'p50 µs', 'p99 µs', 'decisions/s', 'cold start ms', 'mem growth B', 'cordon p50 / p50', 'batch'],
      Object.entries(e).map(([name, x]) => [
        name,
        fmt(x.p50_us, 3),
        fmt(x.p99_us, 3),
        fmt(x.ops_per_s, 0),
        fmt(x.cold_start_ms, 1),
        fmt(x.mem_growth_bytes, 0),
        fmt(result.ratios[name], 3),
        x.batch ?? '-',
      ]),
    ),
  )
  lines.push(
    '(p50/p99 over batches of `batch` decisions, per decision; cold start: ms from process start to the first decision in a fresh process, median of spawns; mem growth: heap + external + wasm memory, after gc, over the memory run)',
  )
  for (const [name, x] of Object.entries(e)) if (x.via) lines.push(`  ${name}: ${x.via}`)
  for (const [name, m] of Object.entries(result.memory ?? {}))
    if (m.node_flags)
      lines.push(`  ${name}: memory run with node ${m.node_flags} (V8 aborts in its glue after a forced gc otherwise)`)
  lines.push('')
  lines.push('Targets (issue 8):')
  lines.push(
    table(
      ['target', 'value', 'limit', 'met'],
      targets(result).map((t) => [
        t.name + (t.note ? ` (${t.note})` : ''),
        fmt(t.value, 3),
        t.limit,
        t.met === null ? 'n/a' : t.met ? 'yes' : 'NO',
      ]),
    ),
  )
  const s = result.scaling
  if (s) {
    lines.push('')
    lines.push('Decision cost vs rule-set size (p50 µs over the same request mix):')
    const rows = []
    for (const kind of ['data', 'rules']) {
      for (const [engine, v] of Object.entries(s[kind]))
        rows.push([`${kind}: ${engine}`, ...s.sizes.map((n) => fmt(v.p50_us[n], 2)), fmt(v.ratio_1000_to_10, 2)])
    }
    lines.push(table(['restrictions in', ...s.sizes.map(String), '1000 / 10'], rows))
  }
  const h = result.host_builtin
  if (h) {
    lines.push('')
    lines.push(
      `Host vs native builtin (${h.calls} calls per evaluation, through PolicyInstance.evaluate): native ${h.native_builtin} ${fmt(h.native_p50_us)} µs, host ${h.host_builtin} ${fmt(h.host_p50_us)} µs per evaluation, ${fmt(h.host_call_overhead_us)} µs extra per host call (memoized); unmemoized sprintf ${fmt(h.host_unmemoized_p50_us)} µs per evaluation, ${fmt(h.host_unmemoized_call_overhead_us)} µs extra per host call`,
    )
  }
  const c = result.compile
  lines.push('')
  lines.push(
    `Module: ${fmt(result.module.wasm_bytes, 0)} bytes wasm (${fmt(result.module.wasm_gzip_bytes, 0)} gzipped), bundle ${fmt(result.module.bundle_bytes, 0)} bytes; host builtins: ${result.module.host_builtins.join(', ') || 'none'}`,
  )
  lines.push(
    `Compile policies/ (${c.policies.files} files, buildWasm): ${fmt(c.policies.ms, 1)} ms median of ${c.policies.rounds}`,
  )
  if (c.conformance)
    lines.push(
      `Compile conformance corpus (${c.conformance.cases} cases, buildWasm per case): ${fmt(c.conformance.ms, 0)} ms total, ${fmt(c.conformance.ms_per_case, 2)} ms/case, ${c.conformance.failed} did not compile`,
    )
  else lines.push('Compile conformance corpus: skipped')
  const b = result.bench_check
  if (b && !b.error)
    lines.push(
      `bench:check (parse/check over the corpus, ${b.corpus.modules} modules, ${b.corpus.kilobytes} KB): parse ${b.parse.ms} ms (${b.parse.kb_per_s} KB/s), parse+check ${b.parse_and_check.ms} ms (${b.parse_and_check.kb_per_s} KB/s), ${b.diagnostics} diagnostics`,
    )
  else lines.push(`bench:check: ${b?.error ?? 'skipped'}`)
  if (result.policy_sets) lines.push('', renderPolicySets(result.policy_sets))
  return lines.join('\n')
}

/** The policy-sets table (issue 18): one row per generated set or --suite checkout. */
export function renderPolicySets(rows) {
  const out = ['Policy sets (stock CLI, fresh processes; wall ms, process start included):']
  out.push(
    table(
      ['set', 'entrypoints', 'compile ms', 'module KB', 'first decision ms', 'test run ms', 'tests passed'],
      rows.map((r) => [
        r.name,
        r.entrypoints,
        fmt(r.compile_ms, 0),
        fmt(r.module_bytes / 1000, 0),
        fmt(r.first_decision_ms, 1),
        r.error ? 'failed' : r.test_ms === undefined ? 'compile only' : fmt(r.test_ms, 0),
        r.tests ? `${r.tests.pass}/${r.tests.total}` : '-',
      ]),
    ),
  )
  for (const r of rows) if (r.error) out.push(`  ${r.name}: ${r.error}`)
  out.push(
    '(first decision: instantiate in a fresh process, then one decision of the first entrypoint with input {} and data {}, V8 compiling on first use included)',
  )
  return out.join('\n')
}

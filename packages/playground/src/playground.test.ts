/**
 * The playground in real Chromium (Debian's, driven by playwright-core),
 * loaded from a static server on 127.0.0.1 over the built site, with every
 * request elsewhere blocked: type a policy with an error and see the
 * diagnostic at its line, fix it and see the decision change, run the tests,
 * share the URL and open it in a new page with the same state. Then the
 * reference policy: the time from an edit of the input to the new decision.
 *
 * Needs `pnpm build` (or `pnpm playground:build`) first: it serves dist/.
 * `PLAYGROUND_SCREENSHOTS=DIR` also writes screenshots at 1280 and 420 px.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PolicyInstance, readBundle } from '@cordon/engine'
import { runSources } from '../../cli/src/browser.js'
import { serveStatic } from './static-server.js'
import { starterState } from './state.js'

const chromiumPath = process.env.CORDON_CHROMIUM ?? '/usr/bin/chromium'
const hasChromium = existsSync(chromiumPath)
const dist = fileURLToPath(new URL('../dist/', import.meta.url))
if (!hasChromium)
  console.log(
    `playground browser test skipped: no Chromium at ${chromiumPath} (Debian package chromium, or set CORDON_CHROMIUM)`,
  )

/** The text of one editor pane, line by line as CodeMirror shows it. */
const paneText = (page: Page, pane: string) =>
  page.evaluate(
    (name) =>
      Array.from(document.querySelectorAll(`.editor[data-pane="${name}"] .cm-line`))
        .map((l) => l.textContent)
        .join('\n'),
    pane,
  )

/** Replaces a pane's whole text as one edit (what a paste does). */
async function replacePane(page: Page, pane: string, text: string): Promise<void> {
  await page.click(`button[data-tab="${pane}"], button[data-module="${pane}"]`)
  await page.click(`.editor[data-pane="${pane}"] .cm-content`)
  await page.keyboard.press('Control+A')
  await page.keyboard.insertText(text)
}

/** What `cordon test`'s runner says of the reference policy, here in Node: the page must say the same. */
function referenceSummary() {
  const dir = fileURLToPath(new URL('../../../policies/ai-access/', import.meta.url))
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8')
  const outcome = runSources({
    sources: ['policy.rego', 'policy_test.rego'].map((file) => ({ file, text: read(file) })),
    data: { 'ai-access': JSON.parse(read('data.json')) as unknown },
    tables: [{ file: 'decisions.cases.yaml', text: read('decisions.cases.yaml') }],
  })
  if (outcome.kind !== 'report') throw new Error('the reference policy does not compile')
  return outcome.report.summary
}

/** The starter policy (state.ts) with one more line, line 15. */
const policyWith = (extra: string) => `${starterState.modules[0]!.text}${extra}\n`

describe.skipIf(!hasChromium)('playground in Chromium', () => {
  let site: Awaited<ReturnType<typeof serveStatic>>
  let browser: Browser
  let context: BrowserContext
  const leaving: string[] = []

  beforeAll(async () => {
    if (!existsSync(path.join(dist, 'index.html')))
      throw new Error(`${dist} has no built site: run pnpm build (or pnpm playground:build) first`)
    site = await serveStatic(dist)
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] })
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    // Offline: anything not for the local server is refused, and remembered to fail the test.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url())
      if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue()
      leaving.push(url.href)
      return route.abort()
    })
  }, 30_000)

  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  it('diagnostic at its line, fix, decision change, tests, share link', async () => {
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const t0 = performance.now()
    await page.goto(site.url)
    await page.waitForSelector('body[data-ready="true"]')
    await page.waitForSelector('#decision[data-allow="true"]')
    const interactiveMs = performance.now() - t0

    // A suspended admin: allowed, as no rule mentions suspension yet.
    await replacePane(page, 'input', '{"user": {"admin": true, "suspended": true}}')
    await page.waitForFunction(
      () =>
        document.querySelector('#raw')?.textContent?.includes('"allow": true') &&
        document.body.dataset.busy === 'false',
    )

    // `tru` is not a value: an unsafe variable, reported at line 15.
    const broken = policyWith('reasons contains "user is suspended" if input.user.suspended == tru')
    await replacePane(page, 'policy.rego', broken)
    await page.waitForSelector('#problems li')
    const problem = await page.textContent('#problems li')
    const col = broken.split('\n')[14]!.indexOf('tru') + 1
    expect(problem).toContain(`policy.rego:15:${col}: rego_unsafe_var_error`)
    // The squiggle is on line 15 of the editor.
    const squiggleLine = await page.evaluate(() => {
      const mark = document.querySelector('.editor[data-pane="policy.rego"] .cm-lintRange-error')
      const line = mark?.closest('.cm-line')
      return line ? Array.from(line.parentElement!.children).indexOf(line) + 1 : 0
    })
    expect(squiggleLine).toBe(15)

    // Fixed: the suspended admin is now denied, with the reason.
    await replacePane(
      page,
      'policy.rego',
      policyWith('reasons contains "user is suspended" if input.user.suspended == true'),
    )
    await page.waitForSelector('#decision[data-allow="false"]')
    expect(await page.isHidden('#problems')).toBe(true)
    expect(await page.textContent('#decision')).toContain('user is suspended')
    expect(await page.textContent('#decision')).toContain('code: denied')

    // Explain: the suspension reason's body held (line 15), allow's did not (line 9), input.user.suspended was read as true.
    await page.waitForFunction(() => document.querySelector('#explain')?.textContent?.includes('policy.rego:15'))
    const explained = (await page.textContent('#explain'))!
    expect(explained).toMatch(/Held.*policy\.rego:15/s)
    expect(explained).toMatch(/Did not hold.*policy\.rego:9 .*allow/s)
    expect(explained).toContain('input.user.suspended = true')
    expect(await page.locator('.editor[data-pane="policy.rego"] .cm-explain-held').count()).toBeGreaterThan(0)

    // The Rego tests and the decision table, with coverage marks in the gutter.
    await page.click('#run-tests')
    await page.waitForSelector('#tests[data-running="false"]')
    expect(await page.textContent('#tests .summary')).toMatch(/^3 passed, 0 failed, 0 errors/)
    expect(await page.locator('.editor[data-pane="policy.rego"] .cov-hit').count()).toBeGreaterThan(0)

    // A failing case is reported as such.
    await replacePane(
      page,
      'table',
      '- name: guest\n  entrypoint: play/decision\n  input: { user: { admin: false } }\n  expect: { allow: true }\n',
    )
    await page.waitForFunction(() => /1 failed/.test(document.querySelector('#tests .summary')?.textContent ?? ''))
    expect(await page.textContent('#tests .test.fail')).toContain('guest')

    // Share: a new page from the link has the same panes and decision.
    await page.click('#share')
    await page.waitForFunction(() => (document.querySelector('#share-url') as HTMLInputElement).value !== '')
    const link = await page.inputValue('#share-url')
    expect(link).toMatch(/#s=[\w-]+$/)
    const panes = ['policy.rego', 'policy_test.rego', 'input', 'data', 'table']
    const before = await Promise.all(panes.map((p) => paneText(page, p)))
    const decision = await page.textContent('#decision')
    const copy = await context.newPage()
    await copy.goto(link)
    await copy.waitForSelector('body[data-ready="true"]')
    await copy.waitForSelector('#decision[data-allow="false"]')
    expect(await Promise.all(panes.map((p) => paneText(copy, p)))).toEqual(before)
    expect(await copy.textContent('#decision')).toBe(decision)
    await copy.close()

    expect(errors).toEqual([])
    expect(leaving).toEqual([])
    console.log(`playground: interactive (first decision) ${interactiveMs.toFixed(0)} ms after navigation`)
    await page.close()
  }, 60_000)

  it('did-you-mean quick fix; downloads built in the page load and evaluate', async () => {
    const page = await context.newPage()
    await page.goto(site.url)
    await page.waitForSelector('#decision[data-allow="true"]')

    // A misspelled keyword: the squiggle's quick fix rewrites it, and the policy compiles again.
    await replacePane(
      page,
      'policy.rego',
      policyWith('reasons contains "no user" if {\n\tevry x in ["a"] { x == "a" }\n\tnot input.user\n}'),
    )
    await page.waitForSelector('#problems li')
    await page.hover('.editor[data-pane="policy.rego"] .cm-lintRange-error')
    await page.click('.cm-tooltip-lint .cm-diagnosticAction')
    await page.waitForSelector('#decision[data-allow="true"]')
    expect(await paneText(page, 'policy.rego')).toContain('\tevery x in ["a"]')

    // Each download, read back as what it claims to be.
    const fetchDownload = async (what: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(`button[data-download="${what}"]`)])
      return { name: d.suggestedFilename(), bytes: new Uint8Array(readFileSync((await d.path())!)) }
    }
    const input = { user: { admin: true } }
    const bundle = await fetchDownload('bundle')
    expect(bundle.name).toBe('bundle.tar.gz')
    const read = await readBundle(bundle.bytes)
    expect(read.manifest.wasm?.map((w) => w.entrypoint)).toEqual(['play/decision'])
    const fromBundle = PolicyInstance.createSync(read.wasm)
    fromBundle.setData(read.data)
    expect(fromBundle.evaluate(input, 'play/decision')[0]?.result).toEqual({ allow: true, code: 'ok', reasons: [] })
    const wasm = await fetchDownload('wasm')
    expect(wasm.name).toBe('policy.wasm')
    expect(PolicyInstance.createSync(wasm.bytes).evaluate({ user: {} }, 'play/decision')[0]?.result).toEqual({
      allow: false,
      code: 'denied',
      reasons: ['user is not an admin'],
    })
    const junit = new TextDecoder().decode((await fetchDownload('junit')).bytes)
    expect(junit).toMatch(/<testsuites[^>]* tests="3"[^>]* failures="0"/)
    const doc = await fetchDownload('doc')
    expect(doc.name).toBe('report.html')
    expect(new TextDecoder().decode(doc.bytes)).toContain('play.decision')
    expect(leaving).toEqual([])
    await page.close()
  }, 60_000)

  it('a decision past its deadline ends the worker; the next edit works', async () => {
    const page = await context.newPage()
    // A deadline of 1 s. Each step hashes a megabyte: the engine's fuel (which counts steps) would take hours to run out.
    await page.goto(`${site.url}?deadline=1000`)
    await page.waitForSelector('#decision[data-allow="true"]')
    const start = performance.now()
    const slow = [
      'package play',
      '',
      '# METADATA',
      '# entrypoint: true',
      'decision := {"allow": count([a | some a in numbers.range(1, 1000000); crypto.sha256(big) == "x"]) == 0}',
      '',
      'big := concat("", [x | some _ in numbers.range(1, 100000); x := "aaaaaaaaaa"])',
      '',
    ].join('\n')
    await replacePane(page, 'policy.rego', slow)
    await page.waitForSelector('#decision[data-allow="stopped"]', { timeout: 10_000 })
    expect(performance.now() - start).toBeGreaterThan(1_000)
    expect(await page.textContent('#status')).toContain('stopped: the decision took more than 1000 ms')
    await replacePane(page, 'policy.rego', starterState.modules[0]!.text)
    await page.waitForSelector('#decision[data-allow="true"]')
    await page.close()
  }, 40_000)

  it('the reference policy: keystroke to new decision, page weight', async () => {
    const page = await context.newPage()
    const served: string[] = []
    page.on('response', (r) => served.push(new URL(r.url()).pathname))
    const t0 = performance.now()
    await page.goto(site.url)
    await page.waitForSelector('#decision[data-allow="true"]')
    const interactiveMs = performance.now() - t0
    await page.selectOption('#examples', 'ai-access')
    await page.waitForFunction(() =>
      document.querySelector('#decision')?.textContent?.includes('nationality_restricted'),
    )
    // The tests of this state (the answer to the newest edit), not the starter's.
    await page.waitForSelector('#tests[data-running="false"]', { timeout: 30_000 })
    const expected = referenceSummary()
    expect(expected.fail + expected.error).toBe(0)
    expect(await page.textContent('#tests .summary')).toMatch(
      new RegExp(`^${expected.pass} passed, 0 failed, 0 errors`),
    )

    // One edit of the input (a US national instead of a German one): from the key to the new decision.
    const times: number[] = []
    for (const [nationality, allow] of [
      ['US', 'true'],
      ['DE', 'false'],
      ['US', 'true'],
    ] as const) {
      const input = JSON.parse(await paneText(page, 'input')) as { user: { nationality: string } }
      input.user.nationality = nationality
      await page.click('button[data-tab="input"]')
      await page.click('.editor[data-pane="input"] .cm-content')
      await page.keyboard.press('Control+A')
      const start = performance.now()
      await page.keyboard.insertText(JSON.stringify(input, null, 2))
      await page.waitForSelector(`#decision[data-allow="${allow}"]`)
      times.push(performance.now() - start)
    }
    const inPage = Number(await page.getAttribute('#status', 'data-keystroke-ms'))
    expect(inPage).toBeGreaterThan(0)

    if (process.env.PLAYGROUND_SCREENSHOTS) {
      await page.waitForSelector('#tests[data-running="false"]', { timeout: 30_000 })
      const dir = process.env.PLAYGROUND_SCREENSHOTS
      // Down to the rules, where the coverage marks are.
      await page.evaluate(() =>
        document.querySelector('.editor[data-pane="policy.rego"] .cm-scroller')?.scrollTo(0, 1500),
      )
      await page.screenshot({ path: path.join(dir, 'playground-1280.png') })
      await page.setViewportSize({ width: 420, height: 900 })
      await page.screenshot({ path: path.join(dir, 'playground-420.png'), fullPage: true })
    }

    // Page weight: every file the page loaded (the worker and runtime.wasm included), raw and gzip.
    const files = [...new Set(served)]
      .map((p) => path.join(dist, p === '/' ? 'index.html' : p))
      .filter((f) => existsSync(f) && statSync(f).isFile())
    const raw = files.reduce((n, f) => n + statSync(f).size, 0)
    const gz = files.reduce((n, f) => n + gzipSync(readFileSync(f)).length, 0)
    const all = readdirSync(path.join(dist, 'assets')).length + 1
    expect(leaving).toEqual([])
    console.log(
      `playground: ${files.length} of ${all} files loaded (${files.map((f) => path.basename(f)).join(', ')}), ${raw} bytes (${gz} gzip); interactive ${interactiveMs.toFixed(0)} ms; ` +
        `reference policy keystroke to new decision ${times.map((t) => t.toFixed(0)).join(', ')} ms (in-page, debounce included: ${inPage} ms)`,
    )
    await page.close()
  }, 60_000)
})

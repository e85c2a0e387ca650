// OPA delta bundles over real HTTP: a bundle server that, as OPA's FAQ
// describes, answers each request after the ETag it names with the next
// bundle of its queue (a snapshot, then deltas). Deltas patch the live data
// in place (no new policy instance); a delta that holds a policy file, leaves
// the manifest roots, changes the roots, or does not apply is refused with a
// clear error and the last good data stays.
import { createBundlePoller, createEngine, type EngineEvent, type PollResult } from '@cordon/engine'
import { writeBundle } from '@cordon/wasm'
import { afterEach, describe, expect, it } from 'vitest'
import { abiOnly, compile, deltaBundle, makeKey, signBundle } from './support/bundles.js'
import { startServer } from './support/server.js'

const policy = `package authz
default allow := false
allow if data.app.users[input.user] == true
# A rule of data alone: Cordon's modules keep its value in a data cache, which new data must refresh.
users := count(object.get(data.app, "users", {}))
decision := {"allow": allow, "limit": object.get(data.app, "limit", 0), "tags": object.get(data.app, "tags", []), "users": users}
`
const roots = ['app', 'authz']
const stops: (() => unknown)[] = []
afterEach(async () => {
  while (stops.length) await stops.pop()!()
})

/** A bundle server with a queue: a request naming the ETag of entry i gets entry i+1 (304 past the end). */
async function queueServer(queue: Uint8Array[]) {
  const served: string[] = []
  const server = await startServer((req, res) => {
    const after = req.headers['if-none-match']
    const next = after === undefined ? 0 : Number(String(after).replace(/"/g, '')) + 1
    served.push(`${after ?? '-'}→${next}`)
    if (next >= queue.length) return res.writeHead(304).end()
    res.writeHead(200, { etag: `"${next}"`, 'content-type': 'application/gzip' }).end(Buffer.from(queue[next]!))
  })
  stops.push(server.close)
  return { url: `${server.url}/bundles/app`, served }
}

describe('delta bundles', () => {
  for (const [kind, wasm] of [
    ['a Cordon module with a data cache (data set anew)', () => compile(policy, ['authz/decision'])],
    [
      'an ABI-only module (patched in place via opa_value_add_path)',
      () => abiOnly(compile(policy, ['authz/decision'])),
    ],
  ] as const) {
    it(`snapshot then deltas over HTTP, ${kind}: patches apply in order without a reload of the policy`, async () => {
      const module = wasm()
      const snapshot = await writeBundle({
        wasm: module,
        data: { app: { users: { alice: true }, limit: 1, tags: ['a'] } },
        entrypoints: ['authz/decision'],
        revision: 's1',
        roots,
      })
      const manifest = (revision: string) => ({
        revision,
        roots,
        wasm: [{ entrypoint: 'authz/decision', module: '/policy.wasm' }],
      })
      const queue = [
        snapshot,
        await deltaBundle(manifest('d1'), [
          { op: 'upsert', path: '/app/users/bob', value: true },
          { op: 'replace', path: '/app/limit', value: 5 },
          { op: 'upsert', path: '/app/tags/-', value: 'b' },
        ]),
        await deltaBundle(manifest('d2'), [{ op: 'remove', path: '/app/users/alice' }]),
      ]
      const { url, served } = await queueServer(queue)
      const events: EngineEvent[] = []
      const engine = await createEngine({ onEvent: (e) => events.push(e) })
      const poller = createBundlePoller({ engine, url, intervalMs: 60_000, backoff: { initialMs: 60_000 } })
      stops.push(() => poller.stop())
      expect(await poller.ready).toMatchObject({ status: 'updated', revision: 's1' })
      expect((await engine.decide({ user: 'bob' })).allow).toBe(false)
      // The policy instance a snapshot built; a reload would make another.
      const live = (
        engine as unknown as { live: { instance: { setData: (d: unknown) => void; canPatchInPlace: boolean } } }
      ).live
      expect(live.instance.canPatchInPlace).toBe(kind.startsWith('an ABI-only'))
      let setAnew = 0
      const setData = live.instance.setData.bind(live.instance)
      live.instance.setData = (d) => {
        setAnew++
        setData(d)
      }

      expect(await poller.poll()).toEqual({ status: 'updated', revision: 'd1', etag: '"1"', delta: true })
      expect(await view(engine, 'bob')).toEqual({ allow: true, limit: 5, tags: ['a', 'b'], users: 2 })
      expect((await engine.decide({ user: 'alice' })).allow).toBe(true)
      expect(engine.revision).toBe('d1')
      expect((engine as unknown as { live: unknown }).live).toBe(live)
      expect(setAnew).toBe(kind.startsWith('an ABI-only') ? 0 : 1)

      expect(await poller.poll()).toMatchObject({ status: 'updated', revision: 'd2', delta: true })
      expect(await view(engine, 'alice')).toEqual({ allow: false, limit: 5, tags: ['a', 'b'], users: 1 })
      expect((await engine.decide({ user: 'bob' }, {})).revision).toBe('d2')
      expect(setAnew).toBe(kind.startsWith('an ABI-only') ? 0 : 2)
      expect(await poller.poll()).toEqual({ status: 'unchanged' })
      expect(served).toEqual(['-→0', '"0"→1', '"1"→2', '"2"→3'])
      expect(
        events.filter((e) => e.type === 'loaded').map((e) => (e.type === 'loaded' ? [e.revision, e.delta] : [])),
      ).toEqual([
        ['s1', undefined],
        ['d1', true],
        ['d2', true],
      ])
      expect(events.some((e) => e.type === 'rebuilt')).toBe(false)
    })
  }

  it.each([
    [
      'a policy file',
      deltaBundleOf([{ op: 'upsert', path: '/app/limit', value: 9 }], { 'app/policy.rego': 'package app' }),
      /holds app\/policy.rego; a delta bundle holds only patch.json and .manifest/,
    ],
    [
      'a wasm module',
      deltaBundleOf([{ op: 'upsert', path: '/app/limit', value: 9 }], { 'policy.wasm': 'x' }),
      /holds policy.wasm/,
    ],
    [
      'a path outside the roots',
      deltaBundleOf([{ op: 'upsert', path: '/other/limit', value: 9 }]),
      /operation 0 at '\/other\/limit' is outside the manifest roots \["app","authz"\]/,
    ],
    [
      'other roots',
      deltaBundleOf([{ op: 'upsert', path: '/app/limit', value: 9 }], {}, ['app', 'more', 'authz']),
      /manifest roots \["app","authz","more"\] or wasm resolvers differ from those of the live bundle \["app","authz"\]/,
    ],
    [
      'an operation that does not apply',
      deltaBundleOf([
        { op: 'upsert', path: '/app/limit', value: 9 },
        { op: 'replace', path: '/app/missing', value: 1 },
      ]),
      /operation 1 \(replace '\/app\/missing'\): the value to replace does not exist/,
    ],
    ['a bad operation', deltaBundleOf([{ op: 'move', path: '/app/limit' }]), /bad patch operation "move"/],
    ['no operations', deltaBundleOf([]), /holds no operations/],
  ])('a delta with %s is refused over HTTP; the last good data and revision stay', async (_what, make, message) => {
    const snapshot = await writeBundle({
      wasm: compile(policy, ['authz/decision']),
      data: { app: { users: { alice: true }, limit: 1 } },
      entrypoints: ['authz/decision'],
      revision: 's1',
      roots,
    })
    const { url } = await queueServer([snapshot, await make()])
    const engine = await createEngine()
    const results: PollResult[] = []
    const poller = createBundlePoller({
      engine,
      url,
      intervalMs: 60_000,
      backoff: { initialMs: 60_000 },
      onPoll: (r) => results.push(r),
    })
    stops.push(() => poller.stop())
    await poller.ready
    const result = await poller.poll()
    expect(result).toMatchObject({ status: 'error', error: expect.stringMatching(message) })
    expect(engine.revision).toBe('s1')
    expect(engine.status.lastError?.message).toMatch(message)
    expect(await view(engine, 'alice')).toEqual({ allow: true, limit: 1, tags: [], users: 1 })
    // The ETag stays the last one activated, so the server can send the right bundle next (OPA's FAQ).
    expect(poller.etag).toBe('"0"')
  })

  it('a delta before any snapshot, or after a rollback-refused revision, is refused', async () => {
    const engine = await createEngine()
    const delta = await deltaBundleOf([{ op: 'upsert', path: '/app/limit', value: 9 }])()
    await expect(engine.load(delta)).rejects.toThrow(/delta bundle: no snapshot bundle is live to patch/)
    await engine.load(
      await writeBundle({
        wasm: compile(policy, ['authz/decision']),
        data: { app: { limit: 1 } },
        entrypoints: ['authz/decision'],
        revision: 'r2',
        roots,
      }),
    )
    const older = await deltaBundle(
      { revision: 'r1', roots, wasm: [{ entrypoint: 'authz/decision', module: '/policy.wasm' }] },
      [{ op: 'upsert', path: '/app/limit', value: 9 }],
    )
    const strict = await createEngine({ rollback: 'ordered' })
    await strict.load(
      await writeBundle({
        wasm: compile(policy, ['authz/decision']),
        data: { app: { limit: 1 } },
        entrypoints: ['authz/decision'],
        revision: 'r2',
        roots,
      }),
    )
    await expect(strict.load(older)).rejects.toThrow(/rollback: revision r1 is not newer than the live revision r2/)
    expect((await strict.decide({})).result).toMatchObject({ limit: 1 })
  })

  it('with bundle verification, an unsigned delta is refused and a signed one applies', async () => {
    const { privateKey, jwk } = await makeKey('ES256')
    const engine = await createEngine({ verification: { keys: { prod: { algorithm: 'ES256', key: jwk } } } })
    const snapshot = await writeBundle({
      wasm: compile(policy, ['authz/decision']),
      data: { app: { limit: 1 } },
      entrypoints: ['authz/decision'],
      revision: 's1',
      roots,
    })
    await engine.load(await signBundle(snapshot, 'ES256', privateKey, { kid: 'prod' }))
    const delta = await deltaBundle(
      { revision: 'd1', roots, wasm: [{ entrypoint: 'authz/decision', module: '/policy.wasm' }] },
      [{ op: 'replace', path: '/app/limit', value: 7 }],
    )
    await expect(engine.load(delta)).rejects.toThrow(/signature/)
    expect((await engine.decide({})).result).toMatchObject({ limit: 1 })
    expect(await engine.load(await signBundle(delta, 'ES256', privateKey, { kid: 'prod' }))).toEqual({
      revision: 'd1',
      delta: true,
    })
    expect((await engine.decide({})).result).toMatchObject({ limit: 7 })
  })

  it('a live patch (patchData) over a path the delta changes is dropped, as over new snapshot data', async () => {
    const events: EngineEvent[] = []
    const engine = await createEngine({ onEvent: (e) => events.push(e) })
    await engine.load(
      await writeBundle({
        wasm: compile(policy, ['authz/decision']),
        data: { app: { limit: 1, users: {} } },
        entrypoints: ['authz/decision'],
        revision: 's1',
        roots,
      }),
    )
    engine.patchData('app/users/eve', true)
    engine.patchData('app/limit', 2)
    await engine.load(await deltaBundleOf([{ op: 'replace', path: '/app/limit', value: 3 }])())
    expect(await view(engine, 'eve')).toEqual({ allow: true, limit: 3, tags: [], users: 1 })
    expect(engine.patches.map((p) => p.path.join('/'))).toEqual(['app/users/eve'])
    expect(events.filter((e) => e.type === 'patch_dropped')).toEqual([
      { type: 'patch_dropped', path: ['app', 'limit'], revision: 'd1' },
    ])
  })
})

/** The decision for `user` as one object: allow with the result's other fields. */
async function view(engine: { decide(input: unknown): Promise<{ allow: boolean; result?: unknown }> }, user: string) {
  const d = await engine.decide({ user })
  return { allow: d.allow, ...(d.result as object) }
}

function deltaBundleOf(operations: unknown[], extra: Record<string, string> = {}, deltaRoots = roots) {
  return () =>
    deltaBundle(
      { revision: 'd1', roots: deltaRoots, wasm: [{ entrypoint: 'authz/decision', module: '/policy.wasm' }] },
      operations,
      extra,
    )
}

import { describe, expect, it } from 'vitest'
import type { DecisionEvent, DecisionLogSink } from './event.js'
import { DecisionLogger } from './logger.js'
import { callbackSink, consoleSink } from './sinks.js'

const event = (input: unknown): Omit<DecisionEvent, 'erased' | 'masked'> => ({
  decision_id: 'd1',
  timestamp: '2026-01-01T00:00:00.000Z',
  entrypoint: 'a/b',
  input,
  allow: true,
  duration_ms: 1,
})

describe('sinks and the logger', () => {
  it('consoleSink writes one JSON line per event; callbackSink swallows a rejected promise', async () => {
    const lines: string[] = []
    consoleSink((l) => lines.push(l)).write({ ...event({ a: 1 }) })
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ ...event({ a: 1 }) }])
    let calls = 0
    const rejecting = callbackSink(() => {
      calls++
      return Promise.reject(new Error('collector down'))
    })
    rejecting.write({ ...event(1) })
    await new Promise((r) => setTimeout(r, 0)) // an unhandled rejection would fail the run
    expect(calls).toBe(1)
  })

  it('masks a copy for every sink, goes on past a throwing sink, and adds and removes sinks', async () => {
    const seen: DecisionEvent[] = []
    const input = { user: { id: 'u', name: 'n' } }
    const logger = new DecisionLogger({
      sinks: [
        () => {
          throw new Error('broken')
        },
        (e) => seen.push(e),
      ],
      mask: ['/user/id'],
    })
    logger.log(event(input))
    expect(seen[0]).toMatchObject({ input: { user: { name: 'n' } }, erased: ['/user/id'] })
    expect(input.user.id).toBe('u')
    const extra: DecisionEvent[] = []
    const remove = logger.add({ write: (e) => extra.push(e) })
    logger.log(event(undefined))
    remove()
    logger.log(event({}))
    expect(extra).toHaveLength(1)
    expect(extra[0]).not.toHaveProperty('input') // no input: no key, not `input: undefined`
    expect(seen).toHaveLength(3)
  })

  it('flush and close reach every sink and swallow their failures', async () => {
    const done: string[] = []
    const sink = (name: string, fail: boolean): DecisionLogSink => ({
      write() {},
      flush: async () => {
        done.push(`flush ${name}`)
        if (fail) throw new Error('x')
      },
      close: async () => {
        done.push(`close ${name}`)
        if (fail) throw new Error('x')
      },
    })
    const logger = new DecisionLogger({ sinks: [sink('a', true), sink('b', false)] })
    await logger.flush()
    await logger.close()
    expect(done).toEqual(['flush a', 'flush b', 'close a', 'close b'])
  })
})

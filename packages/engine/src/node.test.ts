import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { fileSink } from './node.js'

const event = (n: number) => ({
  decision_id: `d${n}`,
  timestamp: '2026-01-01T00:00:00Z',
  entrypoint: 'a',
  allow: true,
  duration_ms: 0,
})

describe('fileSink', () => {
  it('appends JSON lines in write order, batching writes made while one is pending', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'cordon-filesink-')), 'log.jsonl')
    const sink = fileSink(file)
    for (let i = 0; i < 50; i++) sink.write(event(i))
    await sink.flush!()
    sink.write(event(50))
    await sink.close!()
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).decision_id)
    expect(lines).toEqual(Array.from({ length: 51 }, (_, i) => `d${i}`))
    expect(sink.failed).toBe(0)
  })

  it('counts a failed append (a folder as the path) instead of throwing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cordon-filesink-'))
    const sink = fileSink(dir)
    sink.write(event(1))
    await sink.flush!()
    expect(sink.failed).toBe(1)
  })
})

import { describe, expect, it } from 'vitest'
import { capabilityOf, resolveModel } from './model.js'

const post = (path: string, body: unknown, type = 'application/json') =>
  new Request(`https://gw.test${path}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe('capabilityOf', () => {
  const rows = [
    { note: 'chat completions', path: '/v1/chat/completions', body: {}, want: ['chat'] },
    {
      note: 'chat with function tools',
      path: '/v1/chat/completions',
      body: { tools: [{ type: 'function', function: { name: 'f' } }] },
      want: ['chat', 'tool_use'],
    },
    {
      note: 'legacy functions',
      path: '/v1/chat/completions',
      body: { functions: [{ name: 'f' }] },
      want: ['chat', 'tool_use'],
    },
    {
      note: 'responses with code interpreter',
      path: '/v1/responses',
      body: { tools: [{ type: 'web_search' }, { type: 'code_interpreter' }] },
      want: ['chat', 'tool_use', 'code_execution'],
    },
    { note: 'responses plain', path: '/v1/responses', body: { input: 'hi' }, want: ['chat'] },
    { note: 'embeddings', path: '/v1/embeddings', body: {}, want: ['embeddings'] },
    { note: 'images', path: '/openai/v1/images/generations', body: {}, want: ['image_generation'] },
    { note: 'fine-tuning jobs', path: '/v1/fine_tuning/jobs', body: {}, want: ['fine_tuning'] },
    {
      note: 'fine-tuning jobs with tools keep fine_tuning',
      path: '/v1/fine_tuning/jobs',
      body: { tools: [{ type: 'function' }] },
      want: ['fine_tuning', 'tool_use'],
    },
    {
      note: 'image generation with functions keeps image_generation',
      path: '/v1/images/generations',
      body: { functions: [{ name: 'f' }] },
      want: ['image_generation', 'tool_use'],
    },
    { note: 'legacy completions', path: '/v1/completions', body: {}, want: ['chat'] },
    { note: 'unknown endpoint', path: '/v1/files', body: {}, want: undefined },
    {
      note: 'unknown endpoint with tools: the body alone decides nothing',
      path: '/v1/files',
      body: { tools: [{ type: 'function' }] },
      want: undefined,
    },
  ]
  for (const r of rows) it(r.note, () => expect(capabilityOf(r.path, r.body)).toEqual(r.want))

  it('takes an overriding endpoint table', () => {
    expect(capabilityOf('/v1/audio/speech', {}, { '/audio/speech': 'chat' })).toEqual(['chat'])
  })
})

describe('resolveModel', () => {
  it('reads the model and leaves the body readable', async () => {
    const request = post('/v1/chat/completions', { model: 'general-1', messages: [] })
    expect(await resolveModel(request)).toEqual({ model: 'general-1', capability: 'chat', capabilities: ['chat'] })
    expect(await request.json()).toEqual({ model: 'general-1', messages: [] })
  })

  it('reads multipart image edits', async () => {
    const form = new FormData()
    form.set('model', 'general-1')
    form.set('prompt', 'a cat')
    const request = new Request('https://gw.test/v1/images/edits', { method: 'POST', body: form })
    expect(await resolveModel(request)).toEqual({
      model: 'general-1',
      capability: 'image_generation',
      capabilities: ['image_generation'],
    })
  })

  const bad = [
    {
      note: 'no body',
      request: new Request('https://gw.test/v1/chat/completions', { method: 'POST' }),
      want: 'no body naming a model',
    },
    { note: 'malformed JSON', request: post('/v1/chat/completions', '{"model":'), want: 'not valid JSON' },
    { note: 'JSON array', request: post('/v1/chat/completions', '[1]'), want: 'not a JSON object' },
    { note: 'no model', request: post('/v1/chat/completions', { messages: [] }), want: 'names no model' },
    {
      note: 'unknown endpoint',
      request: post('/v1/files', { model: 'm' }),
      want: 'no capability is known for /v1/files',
    },
  ]
  for (const r of bad) it(`fails: ${r.note}`, async () => expect(resolveModel(r.request)).rejects.toThrow(r.want))

  it('lets a resolver decide', async () => {
    const got = await resolveModel(post('/v1/files', { purpose: 'x' }), {
      resolve: () => ({ model: 'general-1', capability: 'chat' }),
    })
    expect(got).toEqual({ model: 'general-1', capability: 'chat', capabilities: ['chat'] })
  })

  it('refuses a chunked body past the limit while it streams, without reading the rest', async () => {
    let pulled = 0
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(chunk)
      },
    })
    const request = new Request('https://gw.test/v1/chat/completions', {
      method: 'POST',
      body: endless,
      duplex: 'half',
    } as RequestInit)
    await expect(resolveModel(request, { maxBodyBytes: 1024 * 1024 })).rejects.toMatchObject({ code: 'body_too_large' })
    // 1 MiB in 64 KiB chunks: 17 read, plus what tee and the stream queue pulled ahead; never the endless rest.
    expect(pulled).toBeLessThan(40)
  })
})

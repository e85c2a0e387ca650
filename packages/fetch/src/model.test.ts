import { describe, expect, it } from 'vitest'
import { capabilityOf, resolveModel } from './model.js'

const post = (path: string, body: unknown, type = 'application/json') =>
  new Request(`https://gw.test${path}`, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) })

describe('capabilityOf', () => {
  const rows = [
    { note: 'chat completions', path: '/v1/chat/completions', body: {}, want: 'chat' },
    { note: 'chat with function tools', path: '/v1/chat/completions', body: { tools: [{ type: 'function', function: { name: 'f' } }] }, want: 'tool_use' },
    { note: 'legacy functions', path: '/v1/chat/completions', body: { functions: [{ name: 'f' }] }, want: 'tool_use' },
    { note: 'responses with code interpreter', path: '/v1/responses', body: { tools: [{ type: 'web_search' }, { type: 'code_interpreter' }] }, want: 'code_execution' },
    { note: 'responses plain', path: '/v1/responses', body: { input: 'hi' }, want: 'chat' },
    { note: 'embeddings', path: '/v1/embeddings', body: {}, want: 'embeddings' },
    { note: 'images', path: '/openai/v1/images/generations', body: {}, want: 'image_generation' },
    { note: 'fine-tuning jobs', path: '/v1/fine_tuning/jobs', body: {}, want: 'fine_tuning' },
    { note: 'legacy completions', path: '/v1/completions', body: {}, want: 'chat' },
    { note: 'unknown endpoint', path: '/v1/files', body: {}, want: undefined },
  ]
  for (const r of rows) it(r.note, () => expect(capabilityOf(r.path, r.body)).toBe(r.want))

  it('takes an overriding endpoint table', () => {
    expect(capabilityOf('/v1/audio/speech', {}, { '/audio/speech': 'chat' })).toBe('chat')
  })
})

describe('resolveModel', () => {
  it('reads the model and leaves the body readable', async () => {
    const request = post('/v1/chat/completions', { model: 'general-1', messages: [] })
    expect(await resolveModel(request)).toEqual({ model: 'general-1', capability: 'chat' })
    expect(await request.json()).toEqual({ model: 'general-1', messages: [] })
  })

  it('reads multipart image edits', async () => {
    const form = new FormData()
    form.set('model', 'general-1')
    form.set('prompt', 'a cat')
    const request = new Request('https://gw.test/v1/images/edits', { method: 'POST', body: form })
    expect(await resolveModel(request)).toEqual({ model: 'general-1', capability: 'image_generation' })
  })

  const bad = [
    { note: 'no body', request: new Request('https://gw.test/v1/chat/completions', { method: 'POST' }), want: 'no body naming a model' },
    { note: 'malformed JSON', request: post('/v1/chat/completions', '{"model":'), want: 'not valid JSON' },
    { note: 'JSON array', request: post('/v1/chat/completions', '[1]'), want: 'not a JSON object' },
    { note: 'no model', request: post('/v1/chat/completions', { messages: [] }), want: 'names no model' },
    { note: 'unknown endpoint', request: post('/v1/files', { model: 'm' }), want: 'no capability is known for /v1/files' },
  ]
  for (const r of bad) it(`fails: ${r.note}`, async () => expect(resolveModel(r.request)).rejects.toThrow(r.want))

  it('lets a resolver decide', async () => {
    const got = await resolveModel(post('/v1/files', { purpose: 'x' }), { resolve: () => ({ model: 'general-1', capability: 'chat' }) })
    expect(got).toEqual({ model: 'general-1', capability: 'chat' })
  })
})

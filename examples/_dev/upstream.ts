/**
 * A local stand-in for an OpenAI-compatible upstream: answers chat
 * completions, responses, embeddings, images and fine-tuning jobs with
 * canned, correctly shaped bodies. Only for the examples.
 */
export async function standInUpstream(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname
  const body = (await request.json().catch(() => ({}))) as { model?: string }
  const model = body.model ?? 'unknown'
  const created = Math.floor(Date.now() / 1000)
  if (path.endsWith('/chat/completions')) {
    return Response.json({
      id: `chatcmpl-${crypto.randomUUID()}`,
      object: 'chat.completion',
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: `Hello from the stand-in upstream (${model}).` },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 8, total_tokens: 9 },
    })
  }
  if (path.endsWith('/responses'))
    return Response.json({
      id: `resp_${crypto.randomUUID()}`,
      object: 'response',
      created_at: created,
      model,
      status: 'completed',
      output_text: 'Hello.',
    })
  if (path.endsWith('/embeddings'))
    return Response.json({
      object: 'list',
      model,
      data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3] }],
    })
  if (path.includes('/images/')) return Response.json({ created, data: [{ url: 'https://example.invalid/image.png' }] })
  if (path.endsWith('/fine_tuning/jobs'))
    return Response.json({
      id: `ftjob-${crypto.randomUUID()}`,
      object: 'fine_tuning.job',
      model,
      status: 'queued',
      created_at: created,
    })
  return Response.json(
    {
      error: {
        message: `stand-in upstream: no route ${path}`,
        type: 'invalid_request_error',
        code: 'not_found',
        param: null,
      },
    },
    { status: 404 },
  )
}

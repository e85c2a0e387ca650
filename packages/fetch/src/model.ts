/**
 * Model and capability from OpenAI-compatible requests. The body is read
 * from a clone, so the next handler can still read the original.
 */
import { ContextError } from './types.js'

/** What a request asks for. */
export interface ModelRequest {
  model: string
  capability: string
}

/**
 * The capability of each OpenAI-compatible endpoint, matched on the end of
 * the path (so `/v1/…`, `/openai/v1/…` and a bare `/chat/completions` match).
 * Tools raise `chat` to `tool_use`, a code interpreter to `code_execution`.
 */
export const defaultEndpoints: Readonly<Record<string, string>> = {
  '/chat/completions': 'chat',
  '/completions': 'chat',
  '/responses': 'chat',
  '/embeddings': 'embeddings',
  '/images/generations': 'image_generation',
  '/images/edits': 'image_generation',
  '/images/variations': 'image_generation',
  '/fine_tuning/jobs': 'fine_tuning',
}

/** Overrides for reading model and capability. */
export interface ModelOptions {
  /** Path suffix → capability, merged over {@link defaultEndpoints}. */
  endpoints?: Record<string, string>
  /** Decides model and capability outright (return undefined to fall back to the defaults). */
  resolve?: (request: Request, body: Record<string, unknown> | undefined) => Partial<ModelRequest> | undefined | Promise<Partial<ModelRequest> | undefined>
  /** Bodies larger than this many bytes are refused (default 4 MiB; an image edit can be large). */
  maxBodyBytes?: number
}

const codeTools = new Set(['code_interpreter', 'code_execution'])

/** Reads model and capability; throws ContextError when either is missing or the body is malformed. */
export async function resolveModel(request: Request, options: ModelOptions = {}): Promise<ModelRequest> {
  const body = await readBody(request, options.maxBodyBytes ?? 4 * 1024 * 1024)
  const custom = (await options.resolve?.(request, body)) ?? {}
  const model = custom.model ?? (typeof body?.model === 'string' && body.model !== '' ? body.model : undefined)
  if (!model) throw new ContextError('model', body ? 'the request names no model' : 'the request has no body naming a model')
  const capability = custom.capability ?? capabilityOf(new URL(request.url).pathname, body, options.endpoints)
  if (!capability) throw new ContextError('capability', `no capability is known for ${new URL(request.url).pathname}`)
  return { model, capability }
}

/** The capability for a path and body: the endpoint's, raised by tools. */
export function capabilityOf(path: string, body: Record<string, unknown> | undefined, endpoints: Record<string, string> = {}): string | undefined {
  const table = { ...defaultEndpoints, ...endpoints }
  const trimmed = path.replace(/\/+$/, '')
  // Longest suffix first: /chat/completions before /completions.
  const suffix = Object.keys(table)
    .sort((a, b) => b.length - a.length)
    .find((s) => trimmed === s || trimmed.endsWith(s))
  const base = suffix ? table[suffix] : undefined
  const tools = Array.isArray(body?.tools) ? (body.tools as unknown[]) : []
  const types = tools.map((t) => (t && typeof t === 'object' ? (t as { type?: unknown }).type : undefined))
  if (types.some((t) => typeof t === 'string' && codeTools.has(t))) return 'code_execution'
  if (tools.length > 0 || (Array.isArray(body?.functions) && body.functions.length > 0)) return 'tool_use'
  return base
}

async function readBody(request: Request, max: number): Promise<Record<string, unknown> | undefined> {
  if (request.body === null || request.method === 'GET' || request.method === 'HEAD') return undefined
  const length = Number(request.headers.get('content-length') ?? '0')
  if (length > max) throw new ContextError('body', `the body is larger than ${max} bytes`)
  const type = (request.headers.get('content-type') ?? '').toLowerCase()
  const copy = request.clone()
  if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
    try {
      const form = await copy.formData()
      const fields: Record<string, unknown> = {}
      form.forEach((v, k) => {
        if (typeof v === 'string') fields[k] = v
      })
      return fields
    } catch {
      throw new ContextError('body', 'the form body is malformed')
    }
  }
  const text = await copy.text()
  if (text.length > max) throw new ContextError('body', `the body is larger than ${max} bytes`)
  if (text.trim() === '') return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ContextError('body', 'the body is not valid JSON')
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ContextError('body', 'the body is not a JSON object')
  return parsed as Record<string, unknown>
}

/**
 * Model and capability from OpenAI-compatible requests. The body is read
 * from a clone, so the next handler can still read the original.
 */
import { concatBytes, readStream, TooLargeError } from '@cordon/engine/lean'
import { ContextError } from './types.js'

/** What a request asks for. */
export interface ModelRequest {
  model: string
  /** The endpoint's capability. */
  capability: string
  /** Every capability the request uses: the endpoint's first, then those the body adds. */
  capabilities: string[]
}

/**
 * The capability of each OpenAI-compatible endpoint, matched on the end of
 * the path (so `/v1/…`, `/openai/v1/…` and a bare `/chat/completions` match).
 * The endpoint decides the capability; tools in the body add `tool_use` (a
 * code interpreter also `code_execution`), never replace it.
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
  resolve?: (
    request: Request,
    body: Record<string, unknown> | undefined,
  ) =>
    | Partial<Pick<ModelRequest, 'model' | 'capability'>>
    | undefined
    | Promise<Partial<Pick<ModelRequest, 'model' | 'capability'>> | undefined>
  /** Bodies larger than this many bytes are refused with 413, counted while they stream (default 4 MiB; an image edit can be large). */
  maxBodyBytes?: number
}

/** The default body limit of every adapter: 4 MiB. */
export const defaultMaxBodyBytes = 4 * 1024 * 1024

const codeTools = new Set(['code_interpreter', 'code_execution'])

/** Reads model and capability; throws ContextError when either is missing or the body is malformed. */
export async function resolveModel(request: Request, options: ModelOptions = {}): Promise<ModelRequest> {
  const body = await readBody(request, options.maxBodyBytes ?? defaultMaxBodyBytes)
  const custom = (await options.resolve?.(request, body)) ?? {}
  const model = custom.model ?? (typeof body?.model === 'string' && body.model !== '' ? body.model : undefined)
  if (!model)
    throw new ContextError('model', body ? 'the request names no model' : 'the request has no body naming a model')
  const path = new URL(request.url).pathname
  const capability = custom.capability ?? endpointCapability(path, options.endpoints)
  if (!capability) throw new ContextError('capability', `no capability is known for ${path}`)
  return { model, capability, capabilities: [...new Set([capability, ...addedCapabilities(body)])] }
}

/**
 * Every capability of a path and body: the endpoint's first, then those the
 * body adds. Undefined when the endpoint has none (the body never decides
 * the capability on its own).
 */
export function capabilityOf(
  path: string,
  body: Record<string, unknown> | undefined,
  endpoints: Record<string, string> = {},
): string[] | undefined {
  const base = endpointCapability(path, endpoints)
  return base === undefined ? undefined : [...new Set([base, ...addedCapabilities(body)])]
}

/** The capability of the endpoint a path names (undefined: no model endpoint). */
export function endpointCapability(path: string, endpoints: Record<string, string> = {}): string | undefined {
  const table: Record<string, string> = { ...defaultEndpoints, ...endpoints }
  const trimmed = path.replace(/\/+$/, '')
  // Longest suffix first: /chat/completions before /completions.
  const suffix = Object.keys(table)
    .sort((a, b) => b.length - a.length)
    .find((s) => trimmed === s || trimmed.endsWith(s))
  return suffix ? table[suffix] : undefined
}

// Tools and functions add tool_use; a code interpreter also code_execution.
function addedCapabilities(body: Record<string, unknown> | undefined): string[] {
  const tools = Array.isArray(body?.tools) ? (body.tools as unknown[]) : []
  const functions = Array.isArray(body?.functions) ? (body.functions as unknown[]) : []
  const added: string[] = []
  if (tools.length > 0 || functions.length > 0) added.push('tool_use')
  const types = tools.map((t) => (t && typeof t === 'object' ? (t as { type?: unknown }).type : undefined))
  if (types.some((t) => typeof t === 'string' && codeTools.has(t))) added.push('code_execution')
  return added
}

async function readBody(request: Request, max: number): Promise<Record<string, unknown> | undefined> {
  if (request.body === null || request.method === 'GET' || request.method === 'HEAD') return undefined
  const type = (request.headers.get('content-type') ?? '').toLowerCase()
  const bytes = await readLimited(request.clone(), max)
  if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
    try {
      const form = await new Response(bytes as Uint8Array<ArrayBuffer>, {
        headers: { 'content-type': type },
      }).formData()
      const fields: Record<string, unknown> = {}
      form.forEach((v, k) => {
        if (typeof v === 'string') fields[k] = v
      })
      return fields
    } catch {
      throw new ContextError('body', 'the form body is malformed')
    }
  }
  const text = new TextDecoder().decode(bytes)
  if (text.trim() === '') return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ContextError('body', 'the body is not valid JSON')
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ContextError('body', 'the body is not a JSON object')
  return parsed as Record<string, unknown>
}

/**
 * The body's bytes, counted as they stream: past `max` the read stops (the
 * stream is cancelled) and the request is refused with `body_too_large`, so
 * a chunked upload of any size costs at most `max` bytes of memory.
 */
export async function readLimited(request: Request, max: number): Promise<Uint8Array> {
  const tooLarge = () => new ContextError('body', `the body is larger than ${max} bytes`, 'body_too_large')
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) > max) throw tooLarge()
  if (!request.body) return new Uint8Array(0)
  try {
    return await readStream(request.body, max, 'too large')
  } catch (err) {
    if (err instanceof TooLargeError) throw tooLarge()
    throw err
  }
}

/** One buffer of all the chunks (the engine's, re-exported for the other adapters). */
export { concatBytes }

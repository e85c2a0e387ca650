/**
 * `@cordon/engine/otel` with the real OpenTelemetry SDK: spans collected by
 * sdk-trace-base's InMemorySpanExporter, metrics read by an sdk-metrics
 * reader, from decisions of a compiled policy.
 */
import { context, trace, type Context, type ContextManager } from '@opentelemetry/api'
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type DataPoint,
  type Histogram,
} from '@opentelemetry/sdk-metrics'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { createEngine } from '@cordon/engine'
import { instrumentEngine } from '@cordon/engine/otel'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeBundle } from './support/bundles.js'

const policy = `package app
decision := {"allow": input.role == "admin", "code": code}
code := "ok" if input.role == "admin"
code := "not_admin" if input.role != "admin"
`

/** A synchronous context manager (a stack), enough to show the span's parent is the context active at decide time. */
class StackContextManager implements ContextManager {
  private stack: Context[] = []
  active(): Context {
    return this.stack.at(-1) ?? ROOT
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    this.stack.push(ctx)
    try {
      return fn.call(thisArg, ...args)
    } finally {
      this.stack.pop()
    }
  }
  bind<T>(_ctx: Context, target: T): T {
    return target
  }
  enable(): this {
    return this
  }
  disable(): this {
    this.stack = []
    return this
  }
}
let ROOT: Context

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

beforeAll(() => {
  ROOT = context.active()
  context.setGlobalContextManager(new StackContextManager())
})
afterAll(() => context.disable())

describe('OpenTelemetry (real SDK)', () => {
  it('makes a span per decision under the active span, and the engine metrics', async () => {
    const exporter = new InMemorySpanExporter()
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test')
    const reader = new TestReader({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE })
    const meter = new MeterProvider({ readers: [reader] }).getMeter('test')
    const engine = await createEngine({ bundle: await makeBundle(policy, ['app/decision'], {}, 'r1') })
    const stop = instrumentEngine(engine, { tracer, meter })

    const parent = tracer.startSpan('http.request')
    const d1 = context.with(trace.setSpan(context.active(), parent), () =>
      engine.decideSync({ role: 'admin' }, { entrypoint: 'app/decision' }),
    )
    parent.end()
    const d2 = await engine.decide({ role: 'guest' }, { entrypoint: 'app/decision' })
    await engine.decide({}, { entrypoint: 'app/../../evil' + 'x'.repeat(100) }) // a client-chosen entrypoint: bounded label
    await engine.load(await makeBundle(policy, ['app/decision'], {}, 'r2'))
    await engine.load(new Uint8Array([0])).catch(() => {})

    const spans = exporter.getFinishedSpans().filter((s) => s.name === 'cordon.decision')
    expect(spans).toHaveLength(3)
    const [s1, s2, s3] = spans as [(typeof spans)[0], (typeof spans)[0], (typeof spans)[0]]
    expect(s1.attributes).toEqual({
      'cordon.entrypoint': 'app/decision',
      'cordon.decision.code': 'ok',
      'cordon.decision.allow': true,
      'cordon.decision_id': d1.decisionId,
      'cordon.revision': 'r1',
    })
    expect(s1.parentSpanContext?.spanId).toBe(parent.spanContext().spanId)
    expect(s1.spanContext().traceId).toBe(parent.spanContext().traceId)
    expect(s2.attributes).toMatchObject({
      'cordon.decision.code': 'not_admin',
      'cordon.decision.allow': false,
      'cordon.decision_id': d2.decisionId,
    })
    expect(s2.parentSpanContext).toBeUndefined()
    expect(s2.status.code).toBe(0) // a policy's deny is not an error
    expect(s3.status).toMatchObject({ code: 2, message: expect.stringContaining('not in this policy') })
    expect(s3.attributes['cordon.entrypoint']).toBe('(unknown)')
    // the span covers the decision: ends at the event's time, lasts its duration (ns resolution)
    const ns = (t: [number, number]) => t[0] * 1e9 + t[1]
    expect(ns(s1.endTime) - ns(s1.startTime)).toBeGreaterThan(0)

    const { resourceMetrics } = await reader.collect()
    const metrics = new Map(
      resourceMetrics.scopeMetrics
        .flatMap((s) => s.metrics)
        .map((m) => [m.descriptor.name, m.dataPoints as DataPoint<unknown>[]]),
    )
    const points = (name: string) =>
      (metrics.get(name) ?? []).map((p) => ({ attributes: p.attributes, value: p.value }))
    expect(points('cordon.decisions')).toEqual(
      expect.arrayContaining([
        {
          attributes: {
            'cordon.entrypoint': 'app/decision',
            'cordon.decision.code': 'ok',
            'cordon.decision.allow': true,
          },
          value: 1,
        },
        {
          attributes: {
            'cordon.entrypoint': 'app/decision',
            'cordon.decision.code': 'not_admin',
            'cordon.decision.allow': false,
          },
          value: 1,
        },
        {
          attributes: {
            'cordon.entrypoint': '(unknown)',
            'cordon.decision.code': 'entrypoint_not_found',
            'cordon.decision.allow': false,
          },
          value: 1,
        },
      ]),
    )
    expect(points('cordon.decisions')).toHaveLength(3)
    const histogram = (metrics.get('cordon.decision.duration') ?? []) as DataPoint<Histogram>[]
    expect(histogram.reduce((n, p) => n + p.value.count, 0)).toBe(3)
    expect(points('cordon.evaluation.errors')).toEqual([
      { attributes: { 'cordon.decision.code': 'entrypoint_not_found' }, value: 1 },
    ])
    expect(points('cordon.bundle.activations')).toEqual(
      expect.arrayContaining([
        { attributes: { 'cordon.outcome': 'loaded' }, value: 1 },
        { attributes: { 'cordon.outcome': 'failed' }, value: 1 },
      ]),
    )
    const pages = points('cordon.memory.pages')
    expect(pages).toHaveLength(1)
    expect(pages[0]!.value).toBe(engine.memoryBytes / 65536)
    expect(pages[0]!.value).toBeGreaterThan(0)

    // stopped: no more spans or counts
    stop()
    await engine.decide({ role: 'admin' }, { entrypoint: 'app/decision' })
    expect(exporter.getFinishedSpans().filter((s) => s.name === 'cordon.decision')).toHaveLength(3)
    await engine.close()
  })

  it('with the API alone (no SDK registered: a no-op tracer and meter) decisions still go through', async () => {
    const engine = await createEngine({ bundle: await makeBundle(policy, ['app/decision']) })
    const stop = instrumentEngine(engine, {
      tracer: trace.getTracer('noop'),
      meter: (await import('@opentelemetry/api')).metrics.getMeter('noop'),
    })
    expect((await engine.decide({ role: 'admin' }, { entrypoint: 'app/decision' })).allow).toBe(true)
    stop()
  })
})

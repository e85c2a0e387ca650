/** METADATA annotations as OPA's inspect lists them (AnnotationsRef), from Rego sources or a built bundle's manifest. */
import { staticSegments, type Annotation, type Module } from '@cordon/rego'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** OPA's AnnotationsRef as JSON: the annotated path as a ref, the annotation, where it is written. */
export interface AnnotationRef {
  path: { type: 'var' | 'string'; value: string }[]
  annotations: Record<string, unknown>
  location?: { file: string; row: number; col: number }
}

const refOf = (segments: readonly string[]): AnnotationRef['path'] =>
  segments.map((s, i) => (i === 0 ? { type: 'var' as const, value: s } : { type: 'string' as const, value: s }))

const annotationOf = (a: Annotation): Record<string, unknown> => ({ scope: a.scope, ...a.fields })

export function sourceAnnotations(modules: readonly Module[]): AnnotationRef[] {
  const out: AnnotationRef[] = []
  for (const m of modules) {
    const pkg = staticSegments(m.package.path)
    const at = (a: Annotation) => ({ file: a.loc.file, row: a.loc.row, col: a.loc.col })
    for (const a of m.annotations) out.push({ path: refOf(pkg), annotations: annotationOf(a), location: at(a) })
    for (const rule of m.rules) {
      const path = refOf([...pkg, ...staticSegments(rule.head.ref)])
      for (const a of rule.annotations) out.push({ path, annotations: annotationOf(a), location: at(a) })
    }
  }
  return out
}

/** A built bundle keeps its entrypoints' annotations in the manifest (OPA lists them at the module, row 0). */
export function manifestAnnotations(wasm: readonly Record<string, unknown>[]): AnnotationRef[] {
  const out: AnnotationRef[] = []
  for (const w of wasm) {
    if (!Array.isArray(w.annotations)) continue
    const path = refOf(['data', ...String(w.entrypoint).split('/').filter(Boolean)])
    for (const a of w.annotations)
      if (isObject(a)) out.push({ path, annotations: a, location: { file: String(w.module), row: 0, col: 0 } })
  }
  return out
}

const pathText = (r: AnnotationRef) => r.path.map((t) => t.value).join('.')

export function byPathThenPlace(a: AnnotationRef, b: AnnotationRef): number {
  const pa = pathText(a)
  const pb = pathText(b)
  if (pa !== pb) return pa < pb ? -1 : 1
  const fa = a.location?.file ?? ''
  const fb = b.location?.file ?? ''
  if (fa !== fb) return fa < fb ? -1 : 1
  return (a.location?.row ?? 0) - (b.location?.row ?? 0)
}

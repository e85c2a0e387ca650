/** `cordon inspect` as text: one table per part of the bundle (see bundle-info.ts). */
import type { BundleInfo } from './bundle-info.js'
import { renderTable } from './render-table.js'

const signatureWords: Record<BundleInfo['signature']['status'], string> = {
  absent: 'absent (no .signatures.json)',
  present: 'present, not verified (pass --verification-key)',
  verified: 'verified',
  invalid: 'INVALID',
}

export function renderInfo(info: BundleInfo): string {
  const m = info.manifest
  const manifestRows: string[][] = []
  if (m.rego_version !== undefined) manifestRows.push(['Rego Version', String(m.rego_version)])
  if (typeof m.revision === 'string' && m.revision !== '') manifestRows.push(['Revision', m.revision])
  const roots = Array.isArray(m.roots) ? m.roots.map(String) : []
  if (!(roots.length === 1 && roots[0] === '')) for (const r of [...roots].sort()) manifestRows.push(['Roots', r])
  if (m.metadata !== undefined) manifestRows.push(['Metadata', JSON.stringify(m.metadata)])

  const s = info.signature
  const signatureRows = [['Status', signatureWords[s.status]]]
  if (s.reason) signatureRows.push(['Reason', s.reason])
  if (s.algorithm) signatureRows.push(['Algorithm', s.algorithm])
  if (s.key_id) signatureRows.push(['Key ID', s.key_id])
  if (s.files !== undefined) signatureRows.push(['Files Signed', String(s.files)])

  const namespaceRows = Object.entries(info.namespaces).flatMap(([ns, files]) =>
    files.map((f, i) => [i === 0 ? ns : '', f]),
  )
  const annotationRows = info.annotations.map((a) => [
    a.path.map((t) => t.value).join('.'),
    String(a.annotations.scope ?? ''),
    String(a.annotations.title ?? a.annotations.description ?? ''),
    a.location ? `${a.location.file}:${a.location.row}` : '',
  ])
  const builtinRows = (info.capabilities?.builtins ?? []).map((b) => [
    b.name,
    info.unprovided_builtins?.includes(b.name) ? 'not in Cordon: the host must provide it' : 'provided by Cordon',
  ])
  const abi = info.capabilities?.wasm_abi_versions.map((v) => `${v.version}.${v.minor_version}`).join(', ')

  return [
    renderTable('MANIFEST', ['Field', 'Value'], manifestRows),
    renderTable('SIGNATURE', ['Field', 'Value'], signatureRows),
    renderTable(
      'ENTRYPOINTS',
      ['Entrypoint'],
      info.entrypoints.map((e) => [e]),
    ),
    renderTable('NAMESPACES', ['Namespace', 'File'], namespaceRows),
    renderTable('ANNOTATIONS', ['Path', 'Scope', 'Title', 'Location'], annotationRows),
    info.capabilities
      ? renderTable(
          `REQUIRED BUILTINS (${info.capabilities_from === 'rego' ? 'of the module built from the Rego' : `of ${info.capabilities_from}`}, Wasm ABI ${abi})`,
          ['Builtin', 'Host'],
          builtinRows.length ? builtinRows : [['(none)', '']],
        )
      : '',
    renderTable(
      'WASM IMPORTS',
      ['Import'],
      (info.wasm_imports ?? []).map((i) => [i]),
    ),
  ]
    .filter((t) => t !== '')
    .join('\n')
}

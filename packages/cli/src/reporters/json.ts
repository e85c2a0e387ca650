import type { Diagnostic } from '@cordon/rego'

/** Renders diagnostics as `{"errors":[{"code","message","location":{"file","row","col"}}]}`. */
export function renderJson(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.map((d) => ({
    code: d.code,
    message: d.message,
    location: { file: d.location.file, row: d.location.row, col: d.location.col },
    ...(d.details?.length ? { details: d.details } : {}),
    ...(d.hint && {
      hint: {
        message: d.hint.message,
        location: { file: d.hint.location.file, row: d.hint.location.row, col: d.hint.location.col },
      },
    }),
  }))
  return JSON.stringify({ errors }, null, 2) + '\n'
}

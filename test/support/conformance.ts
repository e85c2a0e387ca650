import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadCases, type ConformanceCase } from '../../packages/cli/src/conformance/cases.js'

export type { ConformanceCase }

/** The repository's root folder. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** OPA's conformance suite, kept beside the repository in `../shared/conformance`. */
export const conformanceDir = path.resolve(repoRoot, '../shared/conformance')

/** Reads every case of the development set (`cases/`). */
export const loadConformanceCases = (dir = path.join(conformanceDir, 'cases')): ConformanceCase[] => loadCases(dir)

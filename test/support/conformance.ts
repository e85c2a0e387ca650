import { loadCases, readCaseFile, yamlFiles, type ConformanceCase } from '../../packages/cli/src/conformance/cases.js'
import { suites } from './corpora.js'

export type { ConformanceCase }
export { readCaseFile, yamlFiles }
export { conformanceDir, hasConformance, repoRoot } from './corpora.js'

/** Reads every case of the development set (`cases/`), through the one walker `cordon conformance` uses. */
export const loadConformanceCases = (dir = suites.v1.casesDir): ConformanceCase[] => loadCases(dir)

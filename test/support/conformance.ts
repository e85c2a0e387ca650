import path from 'node:path'
import { loadCases, type ConformanceCase } from '../../packages/cli/src/conformance/cases.js'
import { conformanceDir } from './corpora.js'

export type { ConformanceCase }
export { conformanceDir, hasConformance,  } from './corpora.js'

/** Reads every case of the development set (`cases/`). */
export const loadConformanceCases = (dir = path.join(conformanceDir, 'cases')): ConformanceCase[] => loadCases(dir)

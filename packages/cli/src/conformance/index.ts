export { loadCases, readCaseFile, yamlFiles, caseId, topicOf, type ConformanceCase } from './cases.js'
export { compareValues, equalValues, sameResults, type ResultRows } from './compare.js'
export { ExactNumber, fromPlain, parseExactJson, type ExactValue } from './exact-json.js'
export { judge, type CaseOutcome } from './judge.js'
export { renderSummary, summarize, type CaseVerdict, type RunSummary } from './report.js'
export { readBaseline, regressions, writeBaseline } from './baseline.js'
export { readSkips, skipReason } from './skips.js'
export { runCases, type ConformanceBackend } from './runner.js'
export { jsonText, wasmBackend, type WasmBackendStats } from './wasm-backend.js'
export {
  conformanceDirOf,
  conformanceSuites,
  isSuiteName,
  sharedDirOf,
  type ConformanceSuite,
  type SuiteName,
} from './suites.js'
export { reproduceCommand, type CaseSource } from './reproduce.js'

/**
 * The browser-safe part of the command line (no node: imports), for the
 * playground: the test and decision-table runner on sources given as text,
 * the decision-table parser, the JUnit/JSON reporters, and `cordon doc`'s
 * report. Kept apart from the main entry, which reads files.
 *
 * @module \@cordon/cli/browser
 */
export { runSources, type RunInput, type RunOptions, type RunOutcome } from './test-runner/run-sources.js'
export { parseCases, isCasesFile, type DecisionCase } from './test-runner/cases.js'
export { renderTestJunit, renderTestJson } from './test-runner/report.js'
export type { CoverageReport, FileCoverage, TestReport, TestResult } from './test-runner/types.js'
export { reportFromSources, type DocInput } from './doc/report-sources.js'
export { renderHtml } from './doc/html.js'
export { renderMarkdown } from './doc/markdown.js'
export type { PolicyReport } from './doc/types.js'
export { noCustomBuiltins, availableHostBuiltins } from './custom-builtins.js'

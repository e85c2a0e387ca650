export { opaStatusReport, type OpaStatusReport, type OpaBundleStatus, type OpaPluginStatus } from './opa-status.js'
export { opaStatusReporter, type StatusReporter, type StatusReporterOptions } from './reporter.js'

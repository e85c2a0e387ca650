/** Reads a decision table from disk; the parsing (browser-safe) is cases.ts. */
import { readFileSync } from 'node:fs'
import { parseCases, type DecisionCase } from './cases.js'

export function loadCases(file: string): DecisionCase[] {
  return parseCases(file, readFileSync(file, 'utf8'))
}

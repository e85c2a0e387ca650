/**
 * The README's "Commands" section is what the built `cordon --help` and each
 * command's `--help` print: every command, its summary and its usage lines.
 * After changing a help text, rewrite the section with
 * `CORDON_UPDATE_README=1 pnpm vitest run packages/cli/src/readme-commands.test.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { cordon } from './testing/run-cli.js'

const readmeFile = new URL('../README.md', import.meta.url)
const START = '<!-- commands: generated from the --help texts by src/readme-commands.test.ts -->'
const END = '<!-- commands: end -->'

/** `[name, summary]` of each command, from `cordon --help`. */
function commands(): [string, string][] {
  const r = cordon(['--help'], tmpdir())
  expect(r.status).toBe(0)
  return [...r.stdout.matchAll(/^ {2}(\S+)\s+(.+)$/gm)].map((m) => [m[1]!, m[2]!])
}

/** A command's usage: its `--help` text up to the first blank line. */
function usage(name: string): string {
  const r = cordon([name, '--help'], tmpdir())
  expect(r.status, `cordon ${name} --help`).toBe(0)
  return r.stdout.split(/\n\s*\n/)[0]!.trimEnd()
}

function section(list: [string, string][]): string {
  const rows = list.map(([name, summary]) => `| \`cordon ${name}\` | ${summary.replaceAll('|', '\\|')} |`)
  const usages = list.map(([name]) => `\`\`\`\n${usage(name)}\n\`\`\``)
  return [
    START,
    '',
    '| command | what it does |',
    '| --- | --- |',
    ...rows,
    '',
    ...usages.flatMap((u) => [u, '']),
    END,
  ].join('\n')
}

describe('packages/cli/README.md', () => {
  it('documents every command with the summary and usage its --help prints', () => {
    const list = commands()
    expect(list.length).toBeGreaterThanOrEqual(12)
    const readme = readFileSync(readmeFile, 'utf8')
    const start = readme.indexOf(START)
    const end = readme.indexOf(END)
    expect(start, `README.md needs a section between "${START}" and "${END}"`).toBeGreaterThanOrEqual(0)
    const want = section(list)
    const got = readme.slice(start, end + END.length)
    if (got !== want && process.env.CORDON_UPDATE_README === '1')
      writeFileSync(readmeFile, readme.slice(0, start) + want + readme.slice(end + END.length))
    else expect(got).toBe(want)
  })
})

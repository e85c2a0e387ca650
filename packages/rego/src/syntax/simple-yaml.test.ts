import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { readSimpleYaml } from './simple-yaml.js'

/** What annotations.ts did before the fast reader: the `yaml` package, or its first error. */
function viaYamlPackage(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false })
  if (doc.errors.length > 0) return { error: doc.errors[0]!.message }
  return text.trim() === '' ? {} : doc.toJS()
}

/** Blocks the fast reader must read, each exactly as the `yaml` package does. */
const READ = [
  '',
  'title: My rule',
  'title: "Quoted: with colon"\ndescription: \'single\'',
  'entrypoint: true\nscope: rule',
  'a: True\nb: FALSE\nc: ~\nd: null\ne:\nf: 007\ng: 123456789012345',
  'schemas:\n  - input: schema["kubernetes"]\n  - data.x: schema.y',
  'custom:\n  id: AWS-0086\n  aliases:\n    - AVD-AWS-0086\n    - block-public-acls\n  severity: HIGH',
  'custom:\n  input:\n    selector:\n      - type: cloud\n        subtypes:\n          - service: s3\n            provider: aws\n  examples: checks/x.yaml',
  'related_resources:\n- https://example.com/a#b\n- ref: https://x.y\n  description: z\nafter: 1',
  'description: |\n  line one\n    indented: kept\n\n  after a gap\n\nnext: x',
  'description: |-\n  stripped\n  end',
  'description: |\n  one\n\n\n',
  'list:\n  -\n    a: 1\n  - |\n    text\n  - plain words, commas and C:\\\\dir',
  'a: x y  z\nb: "x # not a comment"\nc: it is 50% [sic] {ok} *here* & there!',
  'a: key:value\nb: trailing-colon-less',
  'constructor: 1\ntoString: x',
  'custom:\n  minimum_trivy_version: 0.72.0\n  v: 1.2.3.4\n  w: 10.0.1',
  'title: "Image tag \\":latest\\" used"\nb: "a \\\\ b"\nc: "\\\\"',
  'description: |\nscope: package',
  'description: |-\nscope: package',
  'a:\n  description: |\nb: 1',
  'description: |',
  'a: "esc \\" quote"',
]

/** Blocks it must leave to the `yaml` package (which may read them, or report an error). */
const DECLINED = [
  'a: 1\na: 2', // duplicate key
  'a: [1, 2]', // flow collections
  'a: {b: 1}',
  'a: &anchor x\nb: *anchor',
  'a: !!str 1',
  'a: >\n  folded\n  text',
  'a: |+\n  keep\n\n',
  'a: |2\n   x',
  'a: 1.5',
  'a: 1.2.',
  'a: 1..2',
  'a: 1.2.3-rc1',
  'a: -1',
  'a: .inf',
  'a: 0x1F',
  'a: 12345678901234567890',
  'a: x # comment',
  '# comment\na: 1',
  'a: multi\n  line plain',
  'a:\tx',
  'a: x\r\nb: y',
  '"quoted key": 1',
  '- top level list',
  "a: 'it''s'",
  'a: "tab\\t"',
  'a: "unterminated \\"',
  'a: "x" y',
  'a: "a\\',
  'a: |\n\nb: 1',
  'a: b: c',
  'a: |\n\n  leading gap',
  'a: |\n    x\n  y',
  '---\na: 1',
  '__proto__: 1',
  'a:\n  b: 1\n   c: 2',
  'a: 1\n- b',
  'a: |\n  x\n   \n  y', // a line of spaces inside a literal
]

describe('readSimpleYaml', () => {
  it.each(READ)('reads %j as the yaml package does', (text) => {
    const fast = readSimpleYaml(text)
    expect(fast).toBeDefined()
    expect(fast).toStrictEqual(viaYamlPackage(text))
  })

  it.each(DECLINED)('leaves %j to the yaml package', (text) => {
    expect(readSimpleYaml(text)).toBeUndefined()
  })

  it('agrees with the yaml package on every block it reads among generated variations', () => {
    // Pieces of METADATA recombined: whatever the fast reader accepts must equal the package's value.
    const keys = ['title', 'scope', 'custom', 'x-y']
    const values = ['plain', '"q"', "'s'", 'true', '12', '', '|\n    lit\n', '|-\n    lit', 'a:b', 'https://h/p?q=1']
    const nested = ['\n  - i', '\n  - k: v\n    k2: w', '\n  k: v', '\n- i']
    let read = 0
    for (const k of keys)
      for (const v of values)
        for (const n of ['', ...nested]) {
          const text = `${k}: ${v}${v === '' ? n : ''}\nz: 1`
          const fast = readSimpleYaml(text)
          if (fast === undefined) continue
          read++
          expect(fast, text).toStrictEqual(viaYamlPackage(text))
        }
    expect(read).toBeGreaterThan(40)
  })
})

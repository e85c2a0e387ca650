/** Ways of breaking a Rego module the way editors and careless merges do. */
export type Mutation = 'cut' | 'flip' | 'swap-tokens' | 'delete-span' | 'duplicate-span'

export const mutations: readonly Mutation[] = ['cut', 'flip', 'swap-tokens', 'delete-span', 'duplicate-span']

const interesting = '{}[]()"`$:=|&.,;\n\\#+-*/<>!01aZ_ \t\u00e9\u{1F600}'

/** Applies one mutation to `text`, choosing positions with `rand`. */
export function mutate(text: string, kind: Mutation, rand: () => number): string {
  const at = (n: number) => Math.floor(rand() * n)
  const i = at(text.length + 1)
  const j = Math.min(text.length, i + 1 + at(40))
  switch (kind) {
    case 'cut':
      return text.slice(0, i)
    case 'flip': {
      const chars = [...text]
      for (let n = 0; n < 1 + at(4); n++) chars[at(chars.length)] = interesting[at(interesting.length)]!
      return chars.join('')
    }
    case 'swap-tokens': {
      const tokens = text.split(/(\s+)/)
      const a = at(tokens.length)
      const b = at(tokens.length)
      ;[tokens[a], tokens[b]] = [tokens[b]!, tokens[a]!]
      return tokens.join('')
    }
    case 'delete-span':
      return text.slice(0, i) + text.slice(j)
    case 'duplicate-span':
      return text.slice(0, j) + text.slice(i, j) + text.slice(j)
  }
}

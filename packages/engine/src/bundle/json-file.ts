const decoder = new TextDecoder()

/** A bundle file's JSON; throws an Error naming the file when it does not parse. */
export function parseJsonFile<T>(name: string, bytes: Uint8Array): T {
  try {
    return JSON.parse(decoder.decode(bytes)) as T
  } catch (err) {
    throw new Error(`bundle: ${name} is not valid JSON: ${(err as Error).message}`, { cause: err })
  }
}

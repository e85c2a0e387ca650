import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { schemaToType, type SchemaOrigin, type SchemaSet } from '@cordon/rego'
import { UsageError } from '../usage-error.js'
import { findFiles } from './find-files.js'

/**
 * `check -s PATH` as OPA reads it: a file is the schema of `input`; a folder
 * holds schemas by path (`authz/user.json` is `schema.authz.user` for
 * METADATA `schemas:` annotations) and its `input.json` types `input`; a
 * schema there may `$ref` another file of the folder (`user.json#/$defs/x`).
 * A file that is not JSON or not a schema Cordon can read is a usage error
 * naming the file.
 */
export function loadSchemas(target: string): SchemaSet {
  let isDir: boolean
  try {
    isDir = statSync(target).isDirectory()
  } catch {
    throw new UsageError(`${target}: no such file or directory`)
  }
  if (!isDir) {
    const schema = readSchema(target)
    checkSchema(target, schema, { key: '' })
    return { input: schema, byPath: new Map([['', schema]]) }
  }
  const files = new Map<string, string>()
  const byPath = new Map<string, unknown>()
  for (const file of findFiles([target], ['.json'])) {
    const key = path
      .relative(target, file)
      .replace(/\.json$/, '')
      .split(path.sep)
      .join('/')
    files.set(key, file)
    byPath.set(key, readSchema(file))
  }
  // Read them all first: a schema may `$ref` another file of the folder.
  for (const [key, file] of files) checkSchema(file, byPath.get(key), { key, schemas: byPath })
  return { ...(byPath.has('input') && { input: byPath.get('input') }), byPath }
}

function readSchema(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown
  } catch (err) {
    throw new UsageError(`schema ${file}: ${(err as Error).message}`)
  }
}

/** A schema Cordon cannot type (a `$ref` that does not resolve or is remote, an `allOf` that cannot merge) is a usage error naming the file. */
function checkSchema(file: string, schema: unknown, origin: SchemaOrigin): void {
  try {
    schemaToType(schema, origin)
  } catch (err) {
    throw new UsageError(`schema ${file}: ${(err as Error).message}`)
  }
}

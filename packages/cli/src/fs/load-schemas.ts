import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { schemaToType, type SchemaSet } from '@cordon/rego'
import { UsageError } from '../usage-error.js'
import { findFiles } from './find-files.js'

/**
 * `check -s PATH` as OPA reads it: a file is the schema of `input`; a folder
 * holds schemas by path (`authz/user.json` is `schema.authz.user` for
 * METADATA `schemas:` annotations) and its `input.json` types `input`. A
 * file that is not JSON or not a schema Cordon can read is a usage error
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
    return { input: schema, byPath: new Map([['', schema]]) }
  }
  const byPath = new Map<string, unknown>()
  for (const file of findFiles([target], ['.json'])) {
    const key = path.relative(target, file).replace(/\.json$/, '').split(path.sep).join('/')
    byPath.set(key, readSchema(file))
  }
  return { ...(byPath.has('input') && { input: byPath.get('input') }), byPath }
}

function readSchema(file: string): unknown {
  try {
    const schema: unknown = JSON.parse(readFileSync(file, 'utf8'))
    schemaToType(schema)
    return schema
  } catch (err) {
    throw new UsageError(`schema ${file}: ${(err as Error).message}`)
  }
}

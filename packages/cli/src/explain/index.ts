/**
 * Explain a decision on the compiled module: which rule bodies succeeded
 * (with their bindings), where each one that did not failed and what it
 * read, the `with` modifiers and the input/data refs used. Browser-safe (no
 * node imports): the playground calls it in a Web Worker; `cordon eval
 * --explain` prints it.
 *
 * @module \@cordon/cli/explain
 */
export { explain, type ExplainRequest } from './explain.js'
export { renderExplain, type RenderMode } from './render.js'
export type * from './types.js'

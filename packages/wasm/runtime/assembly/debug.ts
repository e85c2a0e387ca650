// Entry point of the debug runtime (build.mjs --debug): the release exports
// and the heap checker, which cordon_eval also runs after every evaluation.
export * from "./index";
export { cordon_heap_check } from "./heap-check";

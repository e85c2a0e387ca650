// sprintf inside the module for the calls policies make on every decision:
// a format of plain %s, %d, %v and %% with string and integer arguments,
// one argument per verb. What Go's fmt would print then is just the text and
// the decimal digits. Every other call (flags, widths, other verbs, floats,
// composite arguments, missing or extra arguments) is HOST_FALLBACK: the host
// implementation formats it as OPA does.
import { HOST_FALLBACK } from "./time";
import { T_STRING, T_ARRAY, T_NUMBER, N_INT, vtype, strLen, strPtr, arrLen, arrGet, numRepr, numInt, newStringUninit } from "./value";
import { writeI64 } from "./number";
import { copyBytes } from "./mem";

const scratch = memory.data(24);

const PERCENT: u8 = 0x25;
const VERB_S: u8 = 0x73;
const VERB_D: u8 = 0x64;
const VERB_V: u8 = 0x76;

function isIntArg(a: usize): bool { return vtype(a) == T_NUMBER && numRepr(a) == N_INT; }

/**
 * Bytes the argument prints as under `verb`, or -1 when the fast path does
 * not print it (the host does).
 */
function printedLength(verb: u8, a: usize): isize {
  if (vtype(a) == T_STRING && (verb == VERB_S || verb == VERB_V)) return <isize>strLen(a);
  if (isIntArg(a) && (verb == VERB_D || verb == VERB_V)) return <isize>writeI64(scratch, numInt(a));
  return -1;
}

export function cordon_sprintf(format: usize, args: usize): usize {
  if (format == 0 || args == 0 || vtype(format) != T_STRING || vtype(args) != T_ARRAY) return HOST_FALLBACK;
  let p = strPtr(format);
  let n = strLen(format);
  let argc = arrLen(args);
  // Pass 1: check every verb and argument, and measure.
  let total: usize = 0;
  let used: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    if (load<u8>(p + i) != PERCENT) { total++; continue; }
    if (++i >= n) return HOST_FALLBACK;
    let verb = load<u8>(p + i);
    if (verb == PERCENT) { total++; continue; }
    if (used >= argc) return HOST_FALLBACK;
    let len = printedLength(verb, arrGet(args, used++));
    if (len < 0) return HOST_FALLBACK;
    total += <usize>len;
  }
  if (used != argc) return HOST_FALLBACK;
  // Pass 2: write.
  let out = newStringUninit(total);
  let w = strPtr(out);
  used = 0;
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (c != PERCENT) { store<u8>(w++, c); continue; }
    let verb = load<u8>(p + ++i);
    if (verb == PERCENT) { store<u8>(w++, PERCENT); continue; }
    let a = arrGet(args, used++);
    if (vtype(a) == T_STRING) {
      copyBytes(w, strPtr(a), strLen(a));
      w += strLen(a);
    } else {
      w += writeI64(w, numInt(a));
    }
  }
  return out;
}

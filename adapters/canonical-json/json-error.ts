// Where a JSON text goes wrong. Node 20's JSON.parse messages only sometimes carry a position, so
// this small iterative scanner finds the offset of the first error (no recursion: deep nesting is
// safe). Only called after JSON.parse has failed.

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

type Expect = 'value' | 'key' | 'colon' | 'after';

/** Offset of the first syntax error in `text`, or text.length when the text just ends too early. */
export function jsonErrorOffset(text: string): number {
  const stack: string[] = [];
  let i = 0;
  let expect: Expect = 'value';
  let firstInContainer = false;
  const skipWs = () => {
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  };
  for (;;) {
    skipWs();
    if (i >= text.length) return stack.length === 0 && expect === 'after' ? i : text.length;
    const c = text[i]!;
    if (expect === 'value' || expect === 'key') {
      if (firstInContainer && ((c === ']' && stack.at(-1) === '[') || (c === '}' && stack.at(-1) === '{'))) {
        stack.pop();
        i++;
        firstInContainer = false;
        expect = 'after';
        continue;
      }
      firstInContainer = false;
      if (expect === 'key') {
        if (c !== '"') return i;
        const end = scanString(text, i);
        if (end < 0) return -end - 1;
        i = end;
        expect = 'colon';
        continue;
      }
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        firstInContainer = true;
        expect = c === '{' ? 'key' : 'value';
        continue;
      }
      const end = scanScalar(text, i);
      if (end < 0) return -end - 1;
      i = end;
      expect = 'after';
      continue;
    }
    if (expect === 'colon') {
      if (c !== ':') return i;
      i++;
      expect = 'value';
      continue;
    }
    // after a value
    const top = stack.at(-1);
    if (top === undefined) return i; // trailing text after the top-level value
    if (c === ',') {
      i++;
      expect = top === '{' ? 'key' : 'value';
      continue;
    }
    if ((c === ']' && top === '[') || (c === '}' && top === '{')) {
      stack.pop();
      i++;
      continue;
    }
    return i;
  }
}

/** End offset of the scalar at i, or -(errorOffset + 1). */
function scanScalar(text: string, i: number): number {
  const c = text[i]!;
  if (c === '"') return scanString(text, i);
  for (const word of ['true', 'false', 'null']) {
    if (c === word[0]) {
      for (let k = 0; k < word.length; k++) if (text[i + k] !== word[k]) return -(i + k) - 1;
      return i + word.length;
    }
  }
  NUMBER.lastIndex = i;
  const m = NUMBER.exec(text);
  if (!m || m[0] === '' || m[0] === '-') return -(i + (m?.[0].length ?? 0)) - 1;
  return i + m[0].length;
}

function scanString(text: string, i: number): number {
  let k = i + 1;
  while (k < text.length) {
    const ch = text.charCodeAt(k);
    if (ch === 0x22) return k + 1;
    if (ch < 0x20) return -k - 1;
    if (ch === 0x5c) {
      const e = text[k + 1];
      if (e === undefined) return -(k + 1) - 1;
      if (e === 'u') {
        if (!HEX4.test(text.slice(k + 2, k + 6))) return -(k + 1) - 1;
        k += 6;
        continue;
      }
      if (!ESCAPES.has(e)) return -(k + 1) - 1;
      k += 2;
      continue;
    }
    k++;
  }
  return -text.length - 1;
}

/** 1-based line and column of an offset (columns count UTF-16 code units). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let k = 0; k < end; k++) {
    if (text.charCodeAt(k) === 0x0a) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

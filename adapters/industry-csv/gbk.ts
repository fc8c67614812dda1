// A GBK encoder for fixtures, tests and benchmarks (the gateway only decodes). Node has no GBK
// encoder, so the table is the inverse of its WHATWG GBK decoder over every two-byte sequence.

let table: Map<number, number> | undefined;

function encoderTable(): Map<number, number> {
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder('gbk', { fatal: true });
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      let ch: string;
      try {
        ch = decoder.decode(pair);
      } catch {
        continue;
      }
      const cp = ch.codePointAt(0)!;
      if (ch.length === 1 && !table.has(cp)) table.set(cp, (lead << 8) | trail);
    }
  }
  return table;
}

/** `text` in GBK; a character GBK cannot represent is a RangeError. */
export function encodeGbk(text: string): Uint8Array {
  const t = encoderTable();
  const out = new Uint8Array(text.length * 2);
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out[n++] = cp;
      continue;
    }
    const code = t.get(cp);
    if (code === undefined) throw new RangeError(`GBK cannot encode U+${cp.toString(16).toUpperCase()} (${ch})`);
    out[n++] = code >> 8;
    out[n++] = code & 0xff;
  }
  return out.slice(0, n);
}

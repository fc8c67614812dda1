import { hash } from 'node:crypto';

/** JSON with object keys sorted at every depth and undefined members dropped: a stable hash input. */
export function canonicalJson(value: unknown): string {
  // The sorting is ours, the serialising native: JSON.stringify drops undefined members and writes
  // an undefined array element as null, as canonical form wants. An object with an array-index key
  // ("0", always enumerated first whatever the order) or a member named __proto__ cannot be rebuilt
  // in sorted order: such values are written by hand.
  const sorted = sortedKeys(value);
  return sorted === HAND_WRITTEN ? writeCanonical(value) : (JSON.stringify(sorted) ?? 'null');
}

const HAND_WRITTEN = Symbol('written by hand');
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;

function writeCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i) out += ',';
      const v: unknown = value[i];
      out += v === undefined ? 'null' : writeCanonical(v);
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const k of Object.keys(obj).sort()) {
    const v = obj[k];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(k)}:${writeCanonical(v)}`;
  }
  return `${out}}`;
}

/** The value with every object's keys in sorted order (a copy where anything had to move). */
function sortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const s = sortedKeys(value[i]);
      if (s === HAND_WRITTEN) return s;
      out[i] = s;
    }
    return out;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > 0 && INDEX_KEY.test(keys[0]!)) return HAND_WRITTEN;
  keys.sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (k === '__proto__') return HAND_WRITTEN;
    const s = sortedKeys(obj[k]);
    if (s === HAND_WRITTEN) return s;
    out[k] = s;
  }
  return out;
}

export function sha256Hex(input: string | Uint8Array): string {
  return hash('sha256', input, 'hex');
}

/** A name-based UUID (RFC 9562 v8 layout) from a SHA-256 of the name: stable across processes. */
export function uuidFromName(name: string): string {
  // From the hex digest (a Buffer digest costs Node 20 more than the hash itself): the version nibble
  // (byte 6's high half) becomes 8, the variant bits (byte 8's top two) 10.
  const hex = hash('sha256', name, 'hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

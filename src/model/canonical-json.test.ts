import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex, uuidFromName } from './canonical-json.ts';

/** The definition: keys sorted by code unit at every depth, undefined members dropped, undefined array elements null. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const members = Object.keys(obj).sort().filter((k) => obj[k] !== undefined);
  return `{${members.map((k) => `${JSON.stringify(k)}:${reference(obj[k])}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('equals the definition on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => canonicalJson(v) === reference(v)), { numRuns: 5000 });
  });

  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: undefined, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"x":2,"z":1}]},"b":1}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('keeps array-index keys and a member named __proto__ in sorted order', () => {
    const v = JSON.parse('{"b":1,"10":2,"2":3,"":4,"__proto__":{"x":1}}') as unknown;
    expect(canonicalJson(v)).toBe('{"":4,"10":2,"2":3,"__proto__":{"x":1},"b":1}');
    expect(canonicalJson(v)).toBe(reference(v));
  });

  it('hashes as before: SHA-256 hex and name-based UUIDs are stable', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(uuidFromName('credit-record:x')).toBe('3d5a75e0-5f65-8946-8322-64fad00d55bc');
  });

  it('makes every name-based UUID as the byte-wise definition does (version 8, variant 10)', () => {
    // The definition: the digest's first 16 bytes, byte 6's high half set to 8, byte 8's top bits to 10.
    const byBytes = (name: string) => {
      const h = createHash('sha256').update(name).digest();
      h[6] = (h[6]! & 0x0f) | 0x80;
      h[8] = (h[8]! & 0x3f) | 0x80;
      const hex = h.subarray(0, 16).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    };
    const variants = new Set<string>();
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (name) => {
        const id = uuidFromName(name);
        expect(id).toBe(byBytes(name));
        variants.add(id[19]!);
      }),
      { numRuns: 2000 },
    );
    // All four variant digits (8, 9, a, b) came up, so each branch of the nibble was checked.
    expect([...variants].sort()).toEqual(['8', '9', 'a', 'b']);
  });
});

describe('canonicalRecord', () => {
  it('gives the same version as recordVersion, with or without members outside the version', async () => {
    const { canonicalRecord, recordVersion } = await import('./identity.ts');
    const base = { recordType: 'accident', operation: 'upsert', subject: { name: '甲', uscc: 'X' }, data: { b: 1, a: [2, { d: 1, c: 0 }] } };
    for (const rec of [base, { ...base, sourceRecordId: 'S-1' }, { ...base, sourceRecordId: undefined }]) {
      const { json, version } = canonicalRecord(rec as never);
      expect(version).toBe(recordVersion(rec as never));
      expect(json).toBe(canonicalJson(rec));
    }
    expect(canonicalRecord({ ...base, sourceRecordId: 'S-1' } as never).json).toContain('"sourceRecordId":"S-1"');
  });
});

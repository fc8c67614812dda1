import { maskIdNo } from './identifiers.ts';

/**
 * A deep copy with every personal ID number masked: any string under a key `idNo`, at any depth
 * (subject, legal representative, related persons of a list entry, and whatever a later type adds).
 */
export function maskRecord<T>(rec: T): T {
  if (rec === null || typeof rec !== 'object') return rec;
  const copy = structuredClone(rec);
  maskIn(copy);
  return copy;
}

function maskIn(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) maskIn(v);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'idNo' && typeof v === 'string') obj[k] = maskIdNo(v);
    else maskIn(v);
  }
}

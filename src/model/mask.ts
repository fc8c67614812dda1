import { maskIdNo } from './identifiers.ts';

/** A deep copy with every personal ID number masked (subject, legal representative). */
export function maskRecord<T>(rec: T): T {
  if (rec === null || typeof rec !== 'object') return rec;
  const copy = structuredClone(rec) as Record<string, unknown>;
  const s = copy.subject as Record<string, unknown> | undefined;
  if (s) {
    if (typeof s.idNo === 'string') s.idNo = maskIdNo(s.idNo);
    const lr = s.legalRep as Record<string, unknown> | undefined;
    if (lr && typeof lr.idNo === 'string') lr.idNo = maskIdNo(lr.idNo);
  }
  return copy as T;
}

// Natural-person ID numbers in answers (issue 8): masked everywhere unless the key holds
// read:unmasked. The record body is masked field by field (maskRecord); the same numbers can also
// appear inside other strings of an answer (the record key of a person's penalty, a platform's
// rejection message, an error message), so those are masked by value and by shape as well.
import { maskIdNo, maskRecord } from '../../model/index.ts';

/** A resident ID (18 characters with a plausible birth date) standing alone in free text. */
const RESIDENT_ID_IN_TEXT = /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;

export function maskIdsInText(text: string): string {
  return text.replace(RESIDENT_ID_IN_TEXT, (m) => maskIdNo(m));
}

/** The raw personal ID numbers of a canonical record (subject and legal representative). */
export function idNumbersOf(record: unknown): string[] {
  const s = record && typeof record === 'object' ? (record as { subject?: unknown }).subject : undefined;
  if (!s || typeof s !== 'object') return [];
  const out: string[] = [];
  const { idNo, legalRep } = s as { idNo?: unknown; legalRep?: { idNo?: unknown } };
  if (typeof idNo === 'string' && idNo.length >= 4) out.push(idNo);
  if (legalRep && typeof legalRep === 'object' && typeof legalRep.idNo === 'string' && legalRep.idNo.length >= 4) out.push(legalRep.idNo);
  return out;
}

/** Deep copy with every occurrence of the given numbers, and every resident-ID-shaped run, masked in every string. */
export function maskIdsDeep<T>(value: T, ids: readonly string[]): T {
  const sorted = [...new Set(ids)].sort((a, b) => b.length - a.length);
  const fix = (s: string): string => {
    let out = s;
    for (const id of sorted) if (out.includes(id)) out = out.split(id).join(maskIdNo(id));
    return maskIdsInText(out);
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fix(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = walk(x);
      return o;
    }
    return v;
  };
  return walk(value) as T;
}

/** GET /v1/records/{id}: the record masked, and its numbers masked wherever else they appear (record key, platform messages). */
export function maskRecordView<T extends { record: unknown }>(view: T): T {
  const ids = idNumbersOf(view.record);
  return maskIdsDeep({ ...view, record: maskRecord(view.record) }, ids);
}

/** Runs of 8+ letters and digits holding 6 digits in a row: what an ID number looks like inside an error message. */
const ID_LIKE = /(?<![0-9A-Za-z])(?=[0-9A-Za-z]*\d{6})[0-9A-Za-z]{8,}(?![0-9A-Za-z])/g;

/**
 * GET /v1/submissions/{id}: the stored answer. New answers are stored masked already (ingest
 * masks ID values in issues); this also covers rows stored before, and IDs quoted elsewhere.
 */
export function maskSubmissionView<T extends { response: unknown }>(view: T): T {
  const response = maskIdsDeep(view.response, []);
  const results = (response as { results?: unknown } | null)?.results;
  if (Array.isArray(results)) {
    for (const r of results) {
      for (const list of [(r as { errors?: unknown }).errors, (r as { warnings?: unknown }).warnings]) {
        if (!Array.isArray(list)) continue;
        for (const issue of list as Array<{ path?: unknown; message?: unknown }>) {
          if (typeof issue.path === 'string' && /\/idNo$/.test(issue.path) && typeof issue.message === 'string') issue.message = issue.message.replace(ID_LIKE, (m) => maskIdNo(m));
        }
      }
      // Dry runs are not stored, but should a normalised record ever be, it is masked too.
      if (r && typeof r === 'object' && 'record' in r) (r as { record: unknown }).record = maskRecord((r as { record: unknown }).record);
    }
  }
  return { ...view, response };
}

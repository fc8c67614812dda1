import type { RecordIssue } from '../errors/index.ts';
import { canonicalJson, sha256Hex, uuidFromName } from './canonical-json.ts';
import type { CanonicalRecord, Subject } from './types.ts';

/** The subject's strongest identifier: USCC, then legacy codes, then the personal ID, then the name. */
export function subjectId(s: Subject): string {
  return s.uscc ?? s.regNo ?? s.orgCode ?? s.taxRegNo ?? s.idNo ?? `name:${s.name}`;
}

/**
 * A record's business key (DESIGN §3.1): penalty = authority USCC + decision number + subject id;
 * licence = authority USCC + decision document number. Folding brackets in 文号 keeps 〔2024〕 and
 * [2024] the same decision.
 */
export function recordKey(rec: CanonicalRecord): { key: string } | { issue: RecordIssue } {
  if (rec.recordType === 'administrative-penalty') {
    const d = rec.data;
    if (!d.authorityUscc || !d.decisionNo) return { issue: { path: '/data/decisionNo', code: 'RECORD_KEY_MISSING', params: { fields: 'authorityUscc, decisionNo' } } };
    return { key: `administrative-penalty|${d.authorityUscc}|${foldDocNo(d.decisionNo)}|${subjectId(rec.subject)}` };
  }
  const d = rec.data;
  if (!d.authorityUscc || !d.decisionDocNo) return { issue: { path: '/data/decisionDocNo', code: 'RECORD_KEY_MISSING', params: { fields: 'authorityUscc, decisionDocNo' } } };
  return { key: `administrative-license|${d.authorityUscc}|${foldDocNo(d.decisionDocNo)}` };
}

export function foldDocNo(no: string): string {
  return no
    .normalize('NFKC')
    .replace(/[〔【［\[（(]/g, '[')
    .replace(/[〕】］\]）)]/g, ']')
    .replace(/\s+/g, '');
}

export function recordIdFor(key: string): string {
  return uuidFromName(`credit-record:${key}`);
}

/** Version = SHA-256 of type, operation, subject and data as canonical JSON (meta excluded). */
export function recordVersion(rec: CanonicalRecord): string {
  return sha256Hex(canonicalJson({ recordType: rec.recordType, operation: rec.operation, subject: rec.subject, data: rec.data }));
}

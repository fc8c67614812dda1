import type { RecordIssue } from '../errors/index.ts';
import { canonicalJson, sha256Hex, uuidFromName } from './canonical-json.ts';
import type { CanonicalRecord, RecordType, Subject } from './types.ts';

/** The date a record is about: decision, publication, commitment or event date (YYYY-MM-DD), or null. */
export function recordDate(rec: CanonicalRecord): string | null {
  const d = rec.data as unknown as Record<string, unknown>;
  const v = d.decisionDate ?? d.publishDate ?? d.commitDate ?? d.date;
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
}

/** The subject's strongest identifier: USCC, then legacy codes, then the personal ID, then the name. */
export function subjectId(s: Subject): string {
  return s.uscc ?? s.regNo ?? s.orgCode ?? s.taxRegNo ?? s.idNo ?? `name:${s.name}`;
}

const BY_DEPARTMENT = ['meta.departmentId', 'sourceRecordId'] as const;

/** What each type's key is made of; each schema's `x-record-key` says the same (schemas.test.ts checks). */
export const RECORD_KEY_FIELDS: Readonly<Record<RecordType, readonly string[]>> = {
  'administrative-penalty': ['data.authorityUscc', 'data.decisionNo', 'subject.id'],
  'administrative-license': ['data.authorityUscc', 'data.decisionDocNo'],
  'safety-commitment': BY_DEPARTMENT,
  'punishment-list-entry': BY_DEPARTMENT,
  'incentive-list-entry': BY_DEPARTMENT,
  'credit-grade': BY_DEPARTMENT,
  accident: BY_DEPARTMENT,
  commendation: BY_DEPARTMENT,
  'wage-arrears': BY_DEPARTMENT,
  'annual-credit-report': BY_DEPARTMENT,
  objection: BY_DEPARTMENT,
  'repair-request': BY_DEPARTMENT,
};

/**
 * A record's business key (DESIGN §3.1): penalty = authority USCC + decision number + subject id;
 * licence = authority USCC + decision document number; every other type = the submitting department
 * + the department's own record id (谁提供、谁负责). Folding brackets in 文号 keeps 〔2024〕 and [2024]
 * the same decision.
 */
export function recordKey(rec: CanonicalRecord, departmentId?: string): { key: string } | { issue: RecordIssue } {
  switch (rec.recordType) {
    case 'administrative-penalty': {
      const d = rec.data;
      if (!d.authorityUscc || !d.decisionNo) return { issue: { path: '/data/decisionNo', code: 'RECORD_KEY_MISSING', params: { fields: 'authorityUscc, decisionNo' } } };
      return { key: `administrative-penalty|${d.authorityUscc}|${foldDocNo(d.decisionNo)}|${subjectId(rec.subject)}` };
    }
    case 'administrative-license': {
      const d = rec.data;
      if (!d.authorityUscc || !d.decisionDocNo) return { issue: { path: '/data/decisionDocNo', code: 'RECORD_KEY_MISSING', params: { fields: 'authorityUscc, decisionDocNo' } } };
      return { key: `administrative-license|${d.authorityUscc}|${foldDocNo(d.decisionDocNo)}` };
    }
    default: {
      // Without the department the key is not unique across departments: refuse rather than guess.
      if (!departmentId || !rec.sourceRecordId) return { issue: { path: '/sourceRecordId', code: 'RECORD_KEY_MISSING', params: { fields: 'departmentId, sourceRecordId' } } };
      return { key: `${rec.recordType}|${departmentId}|${rec.sourceRecordId}` };
    }
  }
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

const VERSION_KEYS = new Set(['recordType', 'operation', 'subject', 'data']);

/**
 * The record as canonical JSON (what the store keeps, meta added) and its version, serialising once
 * when the record holds nothing beyond the versioned members (no sourceRecordId).
 */
export function canonicalRecord(rec: CanonicalRecord): { json: string; version: string } {
  const json = canonicalJson(rec);
  const r = rec as unknown as Record<string, unknown>;
  const onlyVersioned = Object.keys(r).every((k) => VERSION_KEYS.has(k) || r[k] === undefined);
  return { json, version: onlyVersioned ? sha256Hex(json) : recordVersion(rec) };
}

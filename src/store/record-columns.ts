// The records-row columns a record version sets (type, subject, operation, the dates and numbers
// operators search by): pure, so an ingest thread computes them and the API thread never needs the
// record object itself on the way to the store (src/ingest/thread-answer.ts).
import { recordDate, subjectId, type CanonicalRecord } from '../model/index.ts';

export interface RecordColumns {
  rtype: string;
  name: string;
  uscc: string | null;
  sid: string;
  op: 'upsert' | 'revoke';
  ddate: string | null;
  docno: string | null;
}

export function recordColumns(rec: CanonicalRecord): RecordColumns {
  return { rtype: rec.recordType, name: rec.subject.name, uscc: rec.subject.uscc ?? null, sid: subjectId(rec.subject), op: rec.operation, ddate: recordDate(rec), docno: docNo(rec) };
}

/** The document number operators search by (文书号), whatever the record type calls it. */
function docNo(rec: CanonicalRecord): string | null {
  const d = rec.data as unknown as Record<string, unknown>;
  const v = d.decisionNo ?? d.decisionDocNo ?? d.docNo ?? d.orderNo ?? d.reportNo ?? rec.sourceRecordId;
  return typeof v === 'string' ? v : null;
}

import { csvDocument } from '../util/csv-safe.ts';
import { listDeliveries, type Database, type DeliveryFilter } from '../store/index.ts';
import { maskIdsInText } from './security/redact.ts';

export const CSV_EXPORT_LIMIT = 10_000;

const HEAD_ZH = ['投递编号', '目标平台', '状态', '尝试次数', '错误代码', '错误信息', '记录编号', '记录类型', '报送部门', '行政相对人名称', '统一社会信用代码', '文书号', '版本', '更新时间'];
const HEAD_EN = ['delivery', 'target', 'state', 'attempts', 'error code', 'error', 'record id', 'record type', 'department', 'subject', 'USCC', 'document no.', 'version', 'updated'];

/**
 * Deliveries matching a filter as CSV for a spreadsheet (UTF-8 with a BOM so Excel reads the
 * Chinese). Every cell goes through csvDocument, which neutralises formulas: a subject named
 * `=HYPERLINK(…)` by a department's system arrives in Excel as text, not as a live formula.
 * Personal ID numbers are masked like everywhere else.
 */
export async function deliveriesCsv(db: Database, filter: DeliveryFilter, lang: 'zh' | 'en'): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const rows: unknown[][] = [];
  let before: number | undefined;
  while (rows.length < CSV_EXPORT_LIMIT) {
    const page = await listDeliveries(db, filter, { limit: 500, beforeId: before });
    for (const d of page.items) {
      rows.push([d.id, d.target, d.state, d.attempts, d.lastErrorCode ?? '', d.lastError ? maskIdsInText(d.lastError) : '', d.recordId, d.recordType, d.departmentId, maskIdsInText(d.subjectName), d.subjectUscc ?? '', d.docNo ?? '', d.versionNo, d.updatedAt]);
    }
    if (!page.nextBeforeId) return { csv: `\uFEFF${csvDocument([lang === 'en' ? HEAD_EN : HEAD_ZH, ...rows])}`, rows: rows.length, truncated: false };
    before = page.nextBeforeId;
  }
  return { csv: `\uFEFF${csvDocument([lang === 'en' ? HEAD_EN : HEAD_ZH, ...rows.slice(0, CSV_EXPORT_LIMIT)])}`, rows: CSV_EXPORT_LIMIT, truncated: true };
}

// industry-csv: industry departments' Excel templates saved as CSV (DESIGN §3.3). The header row
// holds the 信用中国 Chinese labels in any order, 2016 or 2021 variants; each column maps to its
// field code and park-xml's 双公示 builders read the row, so a CSV and an XML package of the same
// data give the same records. One record type per file: ?recordType= or inferred from the header.
import { GatewayError, type RecordIssue } from '../../src/errors/index.ts';
import { clean, relabel, restoreAmountValues, ValueTable, writeAmountUnits, type FieldValue } from '../../src/normalise/index.ts';
import { buildLicence, buildPenalty } from '../park-xml/records.ts';
import type { Adapter, AdaptedRecord, AdapterContext, AdapterOutput } from '../types.ts';
import { delimiterCandidates, parseCsv, type CsvRow } from './csv.ts';
import { LICENCE, PENALTY, type ColumnSet } from './labels.ts';

export const ADAPTER_NAME = 'industry-csv';

/** Rows searched for the header (title rows above it are common in templates). */
const HEADER_SEARCH_ROWS = 10;

const QUERY_TYPES = new ValueTable<ColumnSet>(
  {
    'administrative-penalty': PENALTY, 行政处罚: PENALTY, XZCF: PENALTY, penalty: PENALTY,
    'administrative-license': LICENCE, 'administrative-licence': LICENCE, 行政许可: LICENCE, XZXK: LICENCE, licence: LICENCE, license: LICENCE,
  },
  ['administrative-penalty', 'administrative-license'],
);

const BUILDERS = { 'administrative-penalty': buildPenalty, 'administrative-license': buildLicence } as const;
const TYPE_NAMES = { 'administrative-penalty': '行政处罚', 'administrative-license': '行政许可' } as const;

const shape = (reason: string) => new GatewayError('PAYLOAD_SHAPE', { adapter: ADAPTER_NAME, reason });
const isBlank = (row: CsvRow) => row.cells.every((c) => clean(c) === undefined);

function queryType(ctx: AdapterContext): ColumnSet | undefined {
  const q = ctx.query.recordType;
  if (q === undefined || q === '') return undefined;
  const set = QUERY_TYPES.get(q);
  if (!set) throw new GatewayError('QUERY_INVALID', { param: 'recordType', reason: `应为 ${QUERY_TYPES.allowed.join(' 或 ')}` });
  return set;
}

/** Cells of `row` that name a field of `set` and not of `other`. */
function ownLabels(row: CsvRow, set: ColumnSet, other: ColumnSet): number {
  return row.cells.filter((c) => set.table.resolve(c) !== undefined && other.table.resolve(c) === undefined).length;
}

/** The first row (of the first few non-blank ones) with at least two known labels. */
function findHeader(rows: CsvRow[]): number | undefined {
  let seen = 0;
  for (let i = 0; i < rows.length && seen < HEADER_SEARCH_ROWS; i++) {
    if (isBlank(rows[i]!)) continue;
    seen++;
    const known = rows[i]!.cells.filter((c) => PENALTY.table.resolve(c) !== undefined || LICENCE.table.resolve(c) !== undefined).length;
    if (known >= 2) return i;
  }
  return undefined;
}

function chooseSet(header: CsvRow, explicit: ColumnSet | undefined): { set: ColumnSet; from: 'query' | 'header' } {
  const penalty = ownLabels(header, PENALTY, LICENCE);
  const licence = ownLabels(header, LICENCE, PENALTY);
  if (explicit) {
    const [own, other] = explicit === PENALTY ? [penalty, licence] : [licence, penalty];
    if (own === 0 && other > 0) {
      const otherType = explicit === PENALTY ? LICENCE.recordType : PENALTY.recordType;
      throw shape(`表头是${TYPE_NAMES[otherType]}字段，与 recordType=${explicit.recordType} 不符`);
    }
    return { set: explicit, from: 'query' };
  }
  if (penalty > licence) return { set: PENALTY, from: 'header' };
  if (licence > penalty) return { set: LICENCE, from: 'header' };
  throw shape('无法从表头判断记录类型（行政处罚或行政许可），请在请求中加 ?recordType=administrative-penalty 或 administrative-license');
}

interface ColumnMap {
  index: number;
  label: string;
  code: string;
}

/** A repeated header, or a row of field codes under the labels: every filled cell names its own column's field. */
function isHeaderLike(row: CsvRow, columns: readonly ColumnMap[], set: ColumnSet): boolean {
  let filled = 0;
  for (const c of columns) {
    const cell = row.cells[c.index];
    if (cell === undefined || clean(cell) === undefined) continue;
    filled++;
    if (set.table.resolve(cell) !== c.code) return false;
  }
  return filled > 0;
}

/** Field code → the header's label for it (two columns of one field: both, "/"-joined); the same for every row. */
function columnLabels(columns: readonly ColumnMap[]): ReadonlyMap<string, string> {
  const labels = new Map<string, string>();
  for (const c of columns) labels.set(c.code, labels.has(c.code) ? `${labels.get(c.code)}/${c.label}` : c.label);
  return labels;
}

function adaptRow(row: CsvRow, width: number, columns: readonly ColumnMap[], labels: ReadonlyMap<string, string>, set: ColumnSet, ctx: AdapterContext): AdaptedRecord {
  const bag = new Map<string, FieldValue>();
  for (const c of columns) {
    const text = row.cells[c.index] ?? '';
    const f = bag.get(c.code);
    if (f) f.texts.push(text);
    else bag.set(c.code, { texts: [text], nested: false });
  }
  // Cells past the header: a value with an unquoted delimiter shifted the row, so nothing in it can be trusted.
  const extra: RecordIssue[] = [];
  row.cells.forEach((cell, i) => {
    if (i >= width && clean(cell) !== undefined) extra.push({ path: '', code: 'FORMAT', sourceField: `第${i + 1}列（表头之外）`, params: { value: cell } });
  });
  const originals = writeAmountUnits(bag, labels, set.amounts, '万元');
  const built = relabel(BUILDERS[set.recordType](bag, ctx), labels, set.defaults);
  return { record: built.record, issues: [...extra, ...restoreAmountValues(built.issues, originals)], sourceFields: built.sourceFields, sourceRef: `第${row.row}行` };
}

export function parseIndustryCsv(text: string, ctx: AdapterContext): AdapterOutput {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const explicit = queryType(ctx);
  let rows: CsvRow[] = [];
  let at: number | undefined;
  for (const delimiter of delimiterCandidates(body)) {
    rows = parseCsv(body, delimiter);
    at = findHeader(rows);
    if (at !== undefined) break;
  }
  if (at === undefined) throw shape(`前 ${HEADER_SEARCH_ROWS} 行中没有表头行（应含 行政相对人名称、行政处罚决定书文号 等信用中国字段名）`);
  const header = rows[at]!;
  const { set, from } = chooseSet(header, explicit);
  const columns: ColumnMap[] = [];
  const ignored: string[] = [];
  header.cells.forEach((cell, index) => {
    const code = set.table.resolve(cell);
    if (code !== undefined) columns.push({ index, label: cell.trim(), code });
    else if (clean(cell) !== undefined) ignored.push(cell.trim());
  });
  const records: AdaptedRecord[] = [];
  const labels = columnLabels(columns);
  for (const row of rows.slice(at + 1)) {
    if (isBlank(row) || isHeaderLike(row, columns, set)) continue;
    records.push(adaptRow(row, header.cells.length, columns, labels, set, ctx));
  }
  const out: AdapterOutput = { records, header: { recordType: set.recordType, recordTypeFrom: from, headerRow: String(header.row) } };
  if (ignored.length > 0) out.header!.ignoredColumns = ignored.join('、');
  return out;
}

export const industryCsvAdapter: Adapter = {
  name: ADAPTER_NAME,
  contentTypes: ['text/csv'],
  parse: parseIndustryCsv,
};


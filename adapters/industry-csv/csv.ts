// RFC 4180 reading of an Excel "save as CSV" export: quoted cells may hold delimiters, doubled
// quotes and line breaks; CRLF, LF or CR rows; comma, tab or semicolon delimiters. Lenient where
// Excel is (a stray quote inside an unquoted cell is text); an unterminated quoted cell is
// MALFORMED_CSV, since everything after it would be misread.
import { GatewayError } from '../../src/errors/index.ts';

export interface CsvRow {
  /** 1-based row number, as Excel shows it (a quoted cell with line breaks is still one row). */
  row: number;
  cells: string[];
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const DELIMITERS = [0x2c, 0x09, 0x3b] as const; // , \t ;

/** The delimiters worth trying, most frequent on the first line (outside quotes) first; comma wins ties. */
export function delimiterCandidates(text: string): number[] {
  const counts = new Map<number, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  return [...DELIMITERS].sort((a, b) => counts.get(b)! - counts.get(a)!);
}

/** `="0123"`, the formula exporters write so Excel keeps leading zeros and long digits, → `0123` (quoted or not). */
function unformula(cell: string): string {
  return cell.length >= 3 && cell.startsWith('="') && cell.endsWith('"') ? cell.slice(2, -1).replace(/""/g, '"') : cell;
}

export function parseCsv(text: string, delimiter: number): CsvRow[] {
  const rows: CsvRow[] = [];
  const n = text.length;
  let cells: string[] = [];
  let line = 1;
  let i = 0;
  const endRow = () => {
    rows.push({ row: rows.length + 1, cells });
    cells = [];
  };
  while (i <= n) {
    if (i === n) {
      // A final row without a line break; nothing at all after the last break is not a row.
      if (cells.length > 0) {
        cells.push('');
        endRow();
      }
      break;
    }
    let cell: string;
    if (text.charCodeAt(i) === QUOTE) {
      const startLine = line;
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) throw new GatewayError('MALFORMED_CSV', { reason: `第 ${rows.length + 1} 行（文本第 ${startLine} 行）的引号字段没有结束` });
        const chunk = text.slice(j, q);
        for (let k = chunk.indexOf('\n'); k !== -1; k = chunk.indexOf('\n', k + 1)) line++;
        value += chunk;
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      // Text after the closing quote up to the delimiter is kept (Excel never writes it; people do).
      let k = j;
      while (k < n && text.charCodeAt(k) !== delimiter && text.charCodeAt(k) !== LF && text.charCodeAt(k) !== CR) k++;
      cell = unformula(value + text.slice(j, k));
      i = k;
    } else {
      let k = i;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (c === delimiter || c === LF || c === CR) break;
        k++;
      }
      cell = unformula(text.slice(i, k));
      i = k;
    }
    cells.push(cell);
    if (i >= n) {
      endRow();
      break;
    }
    const c = text.charCodeAt(i);
    if (c === delimiter) {
      i++;
      if (i === n) {
        cells.push('');
        endRow();
        break;
      }
      continue;
    }
    // Line break: CRLF, LF or CR.
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
    endRow();
  }
  return rows;
}

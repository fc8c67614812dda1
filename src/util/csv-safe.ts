// CSV export safety (OWASP "CSV injection"): a spreadsheet treats a cell beginning with = + - @
// (or a tab or carriage return before one) as a formula, which can run commands or send data away
// when an operator opens an export. Such cells get a leading single quote, which spreadsheets show
// as text and do not evaluate. Use for every cell of every CSV the gateway writes (console exports).

const FORMULA_START = /^[=+\-@\t\r]/;

/** The value made safe to open in a spreadsheet (not yet quoted for CSV). */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV field: formula-neutralised, then quoted when it holds a quote, delimiter, CR or LF (RFC 4180). */
export function csvCell(value: unknown, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  const s = neutraliseFormula(typeof value === 'string' ? value : String(value));
  return s.includes('"') || s.includes(delimiter) || s.includes('\n') || s.includes('\r') ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (without the line break). */
export function csvRow(values: readonly unknown[], delimiter = ','): string {
  return values.map((v) => csvCell(v, delimiter)).join(delimiter);
}

/** A whole CSV document, CRLF line ends, with a UTF-8 BOM so spreadsheets read Chinese text correctly. */
export function csvDocument(rows: readonly (readonly unknown[])[], delimiter = ','): string {
  return `\ufeff${rows.map((r) => csvRow(r, delimiter)).join('\r\n')}\r\n`;
}

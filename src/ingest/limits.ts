// Cheap pre-scans of a decoded body, run before the adapter parses it: bound XML depth and element
// count (and refuse any <! declaration: DTDs, entities, as MALFORMED_XML), JSON nesting, CSV rows and columns. Each is
// one linear pass without building anything, so a hostile body costs little before it is refused.
import type { Limits } from '../config/index.ts';
import { GatewayError } from '../errors/index.ts';

export type BodyLimits = Pick<Limits, 'maxXmlDepth' | 'maxXmlElements' | 'maxJsonDepth' | 'maxCsvRows' | 'maxCsvColumns'>;

/** Throws the limit's GatewayError when `text` (of media type `mediaType`) exceeds one. */
export function checkBodyLimits(mediaType: string, text: string, limits: BodyLimits): void {
  if (mediaType === 'application/xml' || mediaType === 'text/xml' || mediaType.endsWith('+xml')) scanXml(text, limits);
  else if (mediaType === 'application/json' || mediaType.endsWith('+json')) scanJson(text, limits);
  else if (mediaType === 'text/csv') scanCsv(text, limits);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;

/**
 * Counts elements and open-element depth. Comments, CDATA and processing instructions are skipped;
 * any other `<!` (DOCTYPE, ENTITY, ELEMENT, ATTLIST, …) is refused outright (MALFORMED_XML). Malformed markup is
 * left to the parser, which reports it with a position.
 */
export function scanXml(text: string, limits: Pick<BodyLimits, 'maxXmlDepth' | 'maxXmlElements'>): { depth: number; elements: number } {
  let depth = 0;
  let maxDepth = 0;
  let elements = 0;
  const n = text.length;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt === -1 || lt + 1 >= n) break;
    const next = text.charCodeAt(lt + 1);
    if (next === BANG) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end === -1) break;
        i = end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end === -1) break;
        i = end + 3;
        continue;
      }
      // The same code and wording as the park-xml adapter's own refusal.
      throw new GatewayError('MALFORMED_XML', { reason: `DTD/实体声明不允许 (line ${lineAt(text, lt)})` });
    }
    if (next === QUESTION) {
      const end = text.indexOf('?>', lt + 2);
      if (end === -1) break;
      i = end + 2;
      continue;
    }
    if (next === SLASH) {
      if (depth > 0) depth--;
      const end = text.indexOf('>', lt + 2);
      if (end === -1) break;
      i = end + 1;
      continue;
    }
    // A start tag: find its end, skipping quoted attribute values (which may hold '>').
    let j = lt + 1;
    let quote = 0;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === GT || c === LT) break;
    }
    if (j >= n || text.charCodeAt(j) !== GT) {
      i = j; // not a tag the parser will accept; let it say so
      continue;
    }
    if (++elements > limits.maxXmlElements) throw new GatewayError('TOO_MANY_ELEMENTS', { limit: limits.maxXmlElements });
    if (text.charCodeAt(j - 1) !== SLASH) {
      if (++depth > limits.maxXmlDepth) throw new GatewayError('NESTING_TOO_DEEP', { format: 'XML', limit: limits.maxXmlDepth });
      if (depth > maxDepth) maxDepth = depth;
    }
    i = j + 1;
  }
  return { depth: maxDepth, elements };
}

/** Depth of `{`/`[` outside strings. */
export function scanJson(text: string, limits: Pick<BodyLimits, 'maxJsonDepth'>): { depth: number } {
  let depth = 0;
  let maxDepth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: the next quote not escaped (preceded by an even number of backslashes).
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) {
          i = n;
          break;
        }
        let b = q - 1;
        while (b > i && text.charCodeAt(b) === 0x5c) b--;
        if ((q - 1 - b) % 2 === 0) {
          i = q;
          break;
        }
        j = q + 1;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limits.maxJsonDepth) throw new GatewayError('NESTING_TOO_DEEP', { format: 'JSON', limit: limits.maxJsonDepth });
      if (depth > maxDepth) maxDepth = depth;
    } else if (c === 0x7d || c === 0x5d) {
      if (depth > 0) depth--;
    }
  }
  return { depth: maxDepth };
}

/** The delimiter of the first line outside quotes: the most frequent of comma, tab and semicolon (comma on a tie). */
function csvDelimiter(text: string): number {
  const counts = new Map<number, number>([[0x2c, 0], [0x09, 0], [0x3b, 0]]);
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && (c === 0x0a || c === 0x0d)) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = 0x2c;
  for (const [c, k] of counts) if (k > counts.get(best)!) best = c;
  return best;
}

/** RFC 4180 rows (quoted fields may span lines) and columns per row; a trailing empty line is not a row. */
export function scanCsv(text: string, limits: Pick<BodyLimits, 'maxCsvRows' | 'maxCsvColumns'>): { rows: number; maxColumns: number } {
  const delim = csvDelimiter(text);
  const n = text.length;
  let rows = 0;
  let maxColumns = 0;
  let columns = 1;
  let quoted = false;
  let rowHasContent = false;
  const endRow = () => {
    if (++rows > limits.maxCsvRows) throw new GatewayError('CSV_TOO_MANY_ROWS', { limit: limits.maxCsvRows });
    if (columns > maxColumns) maxColumns = columns;
    columns = 1;
    rowHasContent = false;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 0x22) {
        if (text.charCodeAt(i + 1) === 0x22) i++;
        else quoted = false;
      }
      continue;
    }
    if (c === 0x22) {
      quoted = true;
      rowHasContent = true;
    } else if (c === delim) {
      rowHasContent = true;
      if (++columns > limits.maxCsvColumns) throw new GatewayError('CSV_TOO_MANY_COLUMNS', { row: rows + 1, count: `>${limits.maxCsvColumns}`, limit: limits.maxCsvColumns });
    } else if (c === 0x0a || c === 0x0d) {
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      endRow();
    } else rowHasContent = true;
  }
  if (rowHasContent || columns > 1) endRow();
  return { rows, maxColumns };
}

// Safe XML reading for park packages: no DTDs, no entity expansion, well-formedness checked while
// reading (one streaming pass), values kept as text. Returns the DataPackage's Header fields and Body items
// in document order.
import { SaxesParser } from 'saxes';
import { GatewayError } from '../../src/errors/index.ts';

export const ADAPTER_NAME = 'park-xml';

/** One child element of a record element (a field): its text, and whether it held elements instead. */
export interface FieldValue {
  texts: string[];
  nested: boolean;
}
export type FieldBag = ReadonlyMap<string, FieldValue>;

export interface BodyItem {
  tag: string;
  /** 1-based position among the Body's elements with the same tag (XPath style: XZCF[2]). */
  position: number;
  fields: FieldBag;
}

export interface PackageContent {
  header?: Record<string, string>;
  items: BodyItem[];
}

const CRITICAL_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** Elements deeper than this are refused (the body limits refuse deeper nesting before parsing; this is the reader's own bound). */
const MAX_DEPTH = 16;

function malformed(reason: string): GatewayError {
  return new GatewayError('MALFORMED_XML', { reason });
}

function position(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset; k++) {
    if (text.charCodeAt(k) === 0x0a) {
      line++;
      lineStart = k + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

// Markup sections where & is literal, then entity references (name up to ; or a stop character).
const ENTITY_SCAN = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|&([^;&<\s]{0,40})(;?)/g;
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

function validCharRef(name: string): boolean {
  const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
  if (!m) return false;
  const cp = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Without a DTD only the five predefined entities and character references are defined. */
function checkEntityReferences(text: string): void {
  ENTITY_SCAN.lastIndex = 0;
  for (let m = ENTITY_SCAN.exec(text); m; m = ENTITY_SCAN.exec(text)) {
    if (m[1] === undefined) continue; // CDATA, comment or PI
    const name = m[1];
    if (m[2] === ';' && (PREDEFINED.has(name) || validCharRef(name))) continue;
    throw malformed(`未定义或无效的实体引用“&${name}${m[2]}” (${position(text, m.index)})`);
  }
}

/** ES2024's String methods (Node 20 has them; the ES2023 lib this project compiles against does not declare them). */
type WellFormedString = string & { isWellFormed(): boolean; toWellFormed(): string };

/**
 * An element's name without its namespace prefix, Object.prototype member names renamed so they are just
 * unknown fields; remembered per document (a package repeats a few dozen names thousands of times).
 */
function localNames(): (name: string) => string {
  const seen = new Map<string, string>();
  return (name) => {
    let local = seen.get(name);
    if (local === undefined) {
      const colon = name.indexOf(':');
      local = colon >= 0 && name.indexOf(':', colon + 1) < 0 ? name.slice(colon + 1) : name;
      if (CRITICAL_NAMES.has(local)) local = `#${local}`;
      seen.set(name, local);
    }
    return local;
  };
}

/** saxes reports "line:column: message". */
function located(err: Error): GatewayError {
  const m = /^(\d+):(\d+): ([\s\S]*)$/.exec(err.message);
  return malformed(m ? `${m[3]} (line ${m[1]}, column ${m[2]})` : err.message);
}

function shape(reason: string): GatewayError {
  return new GatewayError('PAYLOAD_SHAPE', { adapter: ADAPTER_NAME, reason });
}

/**
 * Reads the package in one streaming pass (saxes: a strict, well-formedness-checking SAX parser), keeping
 * only what the adapter uses: the root's name, the first Header's fields, and each Body element's fields,
 * a field being an element's direct text (each run trimmed, CDATA as it is) and whether it held elements.
 * Until 2026-12-03 a validation pass and fast-xml-parser's ordered tree did this in two passes over the
 * text and a tree per element: 304 against 82 ms for 5,000 records (README § Benchmarks).
 * A character XML does not allow in text (a C0 control) is kept, not fatal: the record holding it
 * is refused on its own (INVALID_CHARACTER), the package's other records are kept. A lone surrogate
 * (only in a string handed in directly: decoded bytes never hold one) is read as U+FFFD.
 */
export function readPackage(input: string): PackageContent {
  if (/<!(?:DOCTYPE|ENTITY)/i.test(input)) throw malformed('DTD/实体声明不允许');
  checkEntityReferences(input);
  // Text decoded from bytes never holds a lone surrogate (decoders write U+FFFD), but a string handed
  // in directly may, and saxes would then read the next character ('<', say) as part of it.
  const text = (input as WellFormedString).isWellFormed() ? input : (input as WellFormedString).toWellFormed();
  const parser = new SaxesParser({ position: true });
  const nameOf = localNames();
  let depth = 0;
  let rootTag: string | undefined;
  let bodies = 0;
  /** The root's child being read: the first Header, a Body, or anything else (skipped). */
  let section: 'header' | 'body' | 'other' = 'other';
  let headerBag: Map<string, FieldValue> | undefined;
  const items: BodyItem[] = [];
  const counts = new Map<string, number>();
  /** The element whose children are fields (the Header, or a Body item), and the field being read. */
  let bag: Map<string, FieldValue> | undefined;
  let field: FieldValue | undefined;
  let fieldText = '';
  const fieldDepth = () => (section === 'header' ? 3 : 4);

  parser.on('error', (err) => {
    // Tolerated: the character stays in the text, and the record holding it is refused by itself.
    if (err.message.endsWith(': disallowed character.')) return;
    throw located(err);
  });
  parser.on('opentag', (node) => {
    depth++;
    if (depth > MAX_DEPTH) throw malformed(`元素嵌套超过 ${MAX_DEPTH} 层 (line ${parser.line}, column ${parser.column})`);
    const tag = nameOf(node.name);
    if (depth === 1) {
      rootTag = tag;
    } else if (depth === 2) {
      bag = undefined;
      section = 'other';
      if (tag === 'Body') {
        bodies++;
        section = 'body';
      } else if (tag === 'Header' && !headerBag) {
        section = 'header';
        bag = headerBag = new Map();
      }
    } else if (section === 'body' && depth === 3) {
      const n = (counts.get(tag) ?? 0) + 1;
      counts.set(tag, n);
      bag = new Map();
      items.push({ tag, position: n, fields: bag });
    } else if (bag && depth === fieldDepth()) {
      field = bag.get(tag);
      if (!field) bag.set(tag, (field = { texts: [], nested: false }));
      fieldText = '';
    } else if (field && depth === fieldDepth() + 1) {
      field.nested = true;
    }
  });
  parser.on('text', (t) => {
    if (field && depth === fieldDepth()) fieldText += t.trim();
  });
  parser.on('cdata', (t) => {
    if (field && depth === fieldDepth()) fieldText += t;
  });
  parser.on('closetag', () => {
    if (field && depth === fieldDepth()) {
      field.texts.push(fieldText);
      field = undefined;
    }
    depth--;
  });
  parser.write(text).close();

  if (rootTag !== 'DataPackage') throw shape(`根元素应为 DataPackage，实际为 ${rootTag ?? '（无）'}`);
  if (bodies !== 1) throw shape(bodies === 0 ? '缺少 Body 元素' : '只允许一个 Body 元素');
  const out: PackageContent = { items };
  if (headerBag) {
    const header: Record<string, string> = {};
    for (const [k, v] of headerBag) if (!v.nested) header[k] = v.texts[0] ?? '';
    out.header = header;
  }
  return out;
}

// Safe XML reading for park packages: no DTDs, no entity expansion, well-formedness checked before
// parsing, values kept as text (PITFALLS 6). Returns the DataPackage's Header fields and Body items
// in document order.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
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

type OrderedNode = Record<string, unknown>;

const CRITICAL_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const parser = new XMLParser({
  preserveOrder: true, // document order across XZCF and XZXK
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: true, // decodes &#233; / &#x4E2D; (named HTML entities are refused before parsing)
  maxNestedTags: 16,
  // fast-xml-parser throws on these names; rename them so they are just unknown fields.
  transformTagName: (name: string) => (CRITICAL_NAMES.has(name) ? `#${name}` : name),
});

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

/** Parses the text into ordered nodes, or throws MALFORMED_XML. */
function parseOrdered(text: string): OrderedNode[] {
  if (/<!(?:DOCTYPE|ENTITY)/i.test(text)) throw malformed('DTD/实体声明不允许');
  let result: ReturnType<typeof XMLValidator.validate>;
  try {
    result = XMLValidator.validate(text);
  } catch (err) {
    throw malformed(err instanceof Error ? err.message : String(err));
  }
  if (result !== true) {
    const { msg, line, col } = result.err;
    throw malformed(`${msg} (line ${line}${col === undefined ? '' : `, column ${col}`})`);
  }
  checkEntityReferences(text);
  try {
    const doc: unknown = parser.parse(text);
    return Array.isArray(doc) ? (doc as OrderedNode[]) : [];
  } catch (err) {
    throw malformed(err instanceof Error ? err.message : String(err));
  }
}

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text');
}

function childrenOf(node: OrderedNode, tag: string): OrderedNode[] {
  const c = node[tag];
  return Array.isArray(c) ? (c as OrderedNode[]) : [];
}

/** Joined direct text of an element and whether it has child elements. */
function textOf(children: OrderedNode[]): { text: string; nested: boolean } {
  let text = '';
  let nested = false;
  for (const c of children) {
    if (typeof c['#text'] === 'string') text += c['#text'];
    else if (tagOf(c) !== undefined) nested = true;
  }
  return { text, nested };
}

function fieldBag(children: OrderedNode[]): FieldBag {
  const bag = new Map<string, FieldValue>();
  for (const c of children) {
    const tag = tagOf(c);
    if (tag === undefined) continue;
    const { text, nested } = textOf(childrenOf(c, tag));
    const f = bag.get(tag) ?? { texts: [], nested: false };
    f.texts.push(text);
    f.nested ||= nested;
    bag.set(tag, f);
  }
  return bag;
}

function shape(reason: string): GatewayError {
  return new GatewayError('PAYLOAD_SHAPE', { adapter: ADAPTER_NAME, reason });
}

export function readPackage(text: string): PackageContent {
  const roots = parseOrdered(text).filter((n) => tagOf(n) !== undefined);
  const root = roots[0];
  const rootTag = root && tagOf(root);
  if (!root || rootTag !== 'DataPackage') throw shape(`根元素应为 DataPackage，实际为 ${rootTag ?? '（无）'}`);
  const top = childrenOf(root, 'DataPackage');
  const bodies = top.filter((n) => tagOf(n) === 'Body');
  if (bodies.length !== 1) throw shape(bodies.length === 0 ? '缺少 Body 元素' : '只允许一个 Body 元素');
  const headerNode = top.find((n) => tagOf(n) === 'Header');
  const out: PackageContent = { items: [] };
  if (headerNode) {
    const header: Record<string, string> = {};
    for (const [k, v] of fieldBag(childrenOf(headerNode, 'Header'))) if (!v.nested && !Object.hasOwn(header, k)) header[k] = v.texts[0] ?? '';
    out.header = header;
  }
  const counts = new Map<string, number>();
  for (const node of childrenOf(bodies[0]!, 'Body')) {
    const tag = tagOf(node);
    if (tag === undefined) continue;
    const n = (counts.get(tag) ?? 0) + 1;
    counts.set(tag, n);
    out.items.push({ tag, position: n, fields: fieldBag(childrenOf(node, tag)) });
  }
  return out;
}

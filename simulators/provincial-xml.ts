/**
 * The provincial simulator's own XML reading and writing. Deliberately independent of the gateway's
 * code (as another team's server would be), so a mistake in the gateway's packages is not mirrored
 * here. Reading is strict: no DTD or entity declarations (so no entity expansion, e.g. billion
 * laughs), only the five predefined entities and character references, bounded depth.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element: its name, its direct text (trimmed) and its child elements in document order. */
export interface XmlEl {
  name: string;
  text: string;
  children: XmlEl[];
}

type OrderedNode = Record<string, unknown>;

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: true,
  maxNestedTags: 8,
  commentPropName: '#comment',
  // fast-xml-parser refuses these names; renamed, they are merely unknown elements.
  transformTagName: (name: string) => (RESERVED.has(name) ? `#${name}` : name),
});

const builder = new XMLBuilder({ preserveOrder: true, format: false, processEntities: true, suppressEmptyNode: false });

// Markup where & is literal (CDATA, comments, PIs), then entity references.
const ENTITY_SCAN = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|&([^;&<\s]{0,40})(;?)/g;
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const CHAR_REF = /^#(?:x[0-9a-fA-F]{1,6}|[0-9]{1,7})$/;

function undefinedEntity(text: string): string | null {
  ENTITY_SCAN.lastIndex = 0;
  for (let m = ENTITY_SCAN.exec(text); m; m = ENTITY_SCAN.exec(text)) {
    if (m[1] === undefined) continue;
    if (m[2] === ';' && (PREDEFINED.has(m[1]) || CHAR_REF.test(m[1]))) continue;
    return `&${m[1]}${m[2]}`;
  }
  return null;
}

function tagOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#comment');
}

function toEl(name: string, nodes: unknown): XmlEl {
  const el: XmlEl = { name, text: '', children: [] };
  for (const n of Array.isArray(nodes) ? (nodes as OrderedNode[]) : []) {
    if (typeof n['#text'] === 'string') el.text += n['#text'];
    else {
      const tag = tagOf(n);
      if (tag !== undefined) el.children.push(toEl(tag, n[tag]));
    }
  }
  el.text = el.text.trim();
  return el;
}

/** The document's root element, or why the text is not acceptable XML. */
export function readXml(text: string): { root: XmlEl } | { error: string } {
  if (/<!(?:DOCTYPE|ENTITY)/i.test(text)) return { error: 'DTD and entity declarations are not allowed' };
  let valid: ReturnType<typeof XMLValidator.validate>;
  try {
    valid = XMLValidator.validate(text);
  } catch (err) {
    return { error: `not well-formed XML: ${(err as Error).message}` };
  }
  if (valid !== true) return { error: `not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})` };
  const bad = undefinedEntity(text);
  if (bad !== null) return { error: `undefined entity reference ${bad}` };
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (err) {
    return { error: `not acceptable XML: ${(err as Error).message}` };
  }
  const roots = (Array.isArray(doc) ? (doc as OrderedNode[]) : []).filter((n) => tagOf(n) !== undefined);
  if (roots.length !== 1) return { error: `expected exactly one root element, found ${roots.length}` };
  const tag = tagOf(roots[0]!)!;
  return { root: toEl(tag, roots[0]![tag]) };
}

/** An answer element tree: a leaf is [name, text], an element is [name, children]. */
export type Out = [string, string | Out[]];

function toNode([name, content]: Out): OrderedNode {
  return { [name]: typeof content === 'string' ? [{ '#text': content }] : content.map(toNode) };
}

export function writeXml(root: Out): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build([toNode(root)]) as string}`;
}

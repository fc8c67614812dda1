/**
 * Reads the provincial platform's XML answers: <Ack>, <Receipt>, <Inventory> and <Error>. No DTD
 * or entity declarations are accepted, values stay text (PITFALLS 6).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface Ack {
  packageId: string;
  status: string;
}

export interface ReceiptItem {
  recordId: string;
  version: string;
  result: string;
  reason?: string;
}

export interface Receipt {
  packageId: string;
  status: string;
  items: ReceiptItem[];
}

export interface ProvincialInventoryItem {
  recordId: string;
  version: string;
  operation: string;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  maxNestedTags: 16,
  isArray: (name) => name === 'Item',
});

type Obj = Record<string, unknown>;

/** Parses `text` and returns the children of its `root` element; throws an Error saying what is wrong. */
function readRoot(text: string, root: string): Obj {
  if (/<!(?:DOCTYPE|ENTITY)/i.test(text)) throw new Error('answer carries a DTD');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`answer is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = parser.parse(text) as Obj;
  const node = doc[root];
  if (node === undefined) throw new Error(`answer is not <${root}>: ${text.slice(0, 120)}`);
  return typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as Obj) : {};
}

/** Text of a single leaf child: '' for an empty element, undefined when absent or not a single leaf. */
function leaf(node: Obj, name: string): string | undefined {
  const v = node[name];
  return typeof v === 'string' ? v : undefined;
}

function required(node: Obj, name: string, where: string): string {
  const v = leaf(node, name);
  if (v === undefined || v === '') throw new Error(`${where} lacks <${name}>`);
  return v;
}

function items(node: Obj): Obj[] {
  const list = node.Item;
  if (list === undefined || list === '') return [];
  if (!Array.isArray(list)) throw new Error('<Item> is not an element list');
  return list.map((i) => (typeof i === 'object' && i !== null && !Array.isArray(i) ? (i as Obj) : {}));
}

export function parseAck(text: string): Ack {
  const n = readRoot(text, 'Ack');
  return { packageId: required(n, 'PackageId', 'Ack'), status: required(n, 'Status', 'Ack') };
}

export function parseReceipt(text: string): Receipt {
  const n = readRoot(text, 'Receipt');
  return {
    packageId: required(n, 'PackageId', 'Receipt'),
    status: required(n, 'Status', 'Receipt'),
    items: items(n).map((i) => {
      const item: ReceiptItem = { recordId: required(i, 'RecordId', 'Receipt Item'), version: required(i, 'Version', 'Receipt Item'), result: required(i, 'Result', 'Receipt Item') };
      const reason = leaf(i, 'Reason');
      if (reason) item.reason = reason;
      return item;
    }),
  };
}

export function parseInventory(text: string): ProvincialInventoryItem[] {
  const n = readRoot(text, 'Inventory');
  return items(n).map((i) => ({ recordId: required(i, 'RecordId', 'Inventory Item'), version: required(i, 'Version', 'Inventory Item'), operation: required(i, 'Operation', 'Inventory Item') }));
}

/** The reason of an <Error> answer (`<Reason>`, else `<Message>`), or undefined when the body is something else. */
export function errorReason(text: string): string | undefined {
  if (!/^\s*(?:<\?xml[^>]*\?>\s*)?<Error[\s>]/.test(text)) return undefined;
  try {
    const n = readRoot(text, 'Error');
    const reason = leaf(n, 'Reason') || leaf(n, 'Message');
    const code = leaf(n, 'Code');
    if (!reason) return code || undefined;
    return code ? `${code}: ${reason}` : reason;
  } catch {
    return undefined;
  }
}

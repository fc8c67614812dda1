import { isUtf8 } from 'node:buffer';
import { GatewayError } from '../errors/index.ts';

export interface MediaType {
  type: string;
  charset?: string;
}

export function parseContentType(header: string | undefined): MediaType {
  if (!header) return { type: '' };
  const [type, ...params] = header.split(';');
  const out: MediaType = { type: type!.trim().toLowerCase() };
  for (const p of params) {
    const [k, v] = p.split('=');
    if (k?.trim().toLowerCase() === 'charset' && v) out.charset = v.trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return out;
}

const CHARSETS: Record<string, string> = {
  'utf-8': 'utf-8', utf8: 'utf-8', gbk: 'gbk', gb2312: 'gbk', gb18030: 'gb18030', 'x-gbk': 'gbk', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be', 'utf-16': 'utf-16le',
};

function strict(bytes: Uint8Array, label: string): string | undefined {
  if (label === 'utf-8') {
    // The common case, natively: validate (simdutf), then decode; a UTF-8 BOM is dropped as TextDecoder does.
    if (!isUtf8(bytes)) return undefined;
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return Buffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.byteLength - bom).toString('utf8');
  }
  try {
    // TextDecoder strips a UTF-8 (or UTF-16) BOM by default.
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decodes the body strictly: a byte sequence invalid in the charset is an error, never replacement
 * characters. A declared charset is used as is. Without one the body is UTF-8, unless `fallback`
 * is given and the bytes are not valid UTF-8: then a UTF-16 BOM, or else the fallback charset
 * (GB18030 for CSV files saved by a Chinese Excel, which declares nothing), decides.
 */
export function decodeBody(bytes: Uint8Array, charset: string | undefined, fallback?: 'gb18030'): string {
  const label = charset ? CHARSETS[charset] : 'utf-8';
  if (!label) throw new GatewayError('CHARSET_UNSUPPORTED', { charset });
  const text = strict(bytes, label);
  if (text !== undefined) return text;
  if (charset || !fallback) throw new GatewayError('ENCODING_INVALID', { charset: label.toUpperCase() });
  const bom = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  const detected = strict(bytes, bom ?? fallback);
  if (detected === undefined) throw new GatewayError('ENCODING_INVALID', { charset: `UTF-8/${(bom ?? fallback).toUpperCase()}` });
  return detected;
}

/** The charset tried when a body of this media type declares none and is not UTF-8. */
export function fallbackCharset(mediaType: string): 'gb18030' | undefined {
  return mediaType === 'text/csv' ? 'gb18030' : undefined;
}

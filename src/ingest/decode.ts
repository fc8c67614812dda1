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

const CHARSETS: Record<string, string> = { 'utf-8': 'utf-8', utf8: 'utf-8', gbk: 'gbk', gb2312: 'gbk', gb18030: 'gb18030', 'x-gbk': 'gbk' };

/** Decodes the body strictly: a byte sequence invalid in the declared charset is an error, never replacement characters. */
export function decodeBody(bytes: Uint8Array, charset: string | undefined): string {
  const label = charset ? CHARSETS[charset] : 'utf-8';
  if (!label) throw new GatewayError('CHARSET_UNSUPPORTED', { charset });
  try {
    // TextDecoder strips a UTF-8 BOM by default.
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    throw new GatewayError('ENCODING_INVALID', { charset: label.toUpperCase() });
  }
}

// 行政相对人 from the CF_/XK_ subject fields, 2021 codes first, then the 2016 ones (XDR, FR, ZDM,
// GSDJ, SFZ).
import { subjectCategory } from '../../src/normalise/index.ts';
import type { SubjectCategory } from '../../src/model/types.ts';
import type { RecordBuilder } from './builder.ts';

const RESIDENT_ID_SHAPE = /^(?:\d{15}|\d{17}[\dX])$/;
const CATEGORY_NAMES = ['法人及非法人组织', '自然人', '个体工商户', '1', '2', '4'];

/** p is the field prefix: 'CF' (penalty) or 'XK' (licence). */
export function buildSubject(b: RecordBuilder, p: 'CF' | 'XK'): void {
  b.text('/subject/name', [`${p}_XDR_MC`, `${p}_XDR`]);
  const uscc = b.code('/subject/uscc', [`${p}_XDR_SHXYM`]);
  const regNo = b.code('/subject/regNo', [`${p}_XDR_GSZC`, `${p}_XDR_GSDJ`]);
  const orgCode = b.code('/subject/orgCode', [`${p}_XDR_ZZJG`, `${p}_XDR_ZDM`]);
  const taxRegNo = b.code('/subject/taxRegNo', [`${p}_XDR_SWDJ`]);
  b.text('/subject/instCertNo', [`${p}_XDR_SYDW`]);
  b.text('/subject/socialOrgRegNo', [`${p}_XDR_SHZZ`]);
  b.text('/subject/legalRep/name', [`${p}_FRDB`, `${p}_FR`]);
  b.text('/subject/legalRep/idType', [`${p}_FR_ZJLX`]);
  b.code('/subject/legalRep/idNo', [`${p}_FR_ZJHM`]);
  b.text('/subject/idType', [`${p}_XDR_ZJLX`]);
  const idNo = b.code('/subject/idNo', [`${p}_XDR_ZJHM`]);
  const sfzCode = `${p}_XDR_SFZ`;
  const sfz = b.has(sfzCode) ? b.take([sfzCode], '/subject/idNo') : undefined;

  const lb = b.take([`${p}_XDR_LB`], '/subject/category');
  let category: SubjectCategory | undefined;
  if (lb) {
    category = subjectCategory(lb.raw);
    if (category) b.set('/subject/category', category, lb.code);
    else b.issue('/subject/category', 'ENUM', lb.code, { value: lb.raw, allowed: CATEGORY_NAMES });
  } else {
    // Not sent (the 2016 set has no 类别 field): infer from the identifiers present.
    if (uscc) category = uscc.startsWith('92') ? 'INDIVIDUAL_BIZ' : 'LEGAL_ORG';
    else if (regNo || orgCode || taxRegNo) category = 'LEGAL_ORG';
    else if (idNo || sfz) category = 'NATURAL_PERSON';
    if (category) b.set('/subject/category', category);
  }
  if (sfz) placeSfz(b, sfz.code, category === 'NATURAL_PERSON' ? '/subject' : '/subject/legalRep');
}

/**
 * 2016 *_XDR_SFZ 居民身份证号: the person's own ID for a natural person, the legal representative's
 * for an organisation. idType 身份证 is filled only when the number has a resident-ID shape (a
 * foreigner's passport may sit there too, with its type noted in BZ).
 */
function placeSfz(b: RecordBuilder, code: string, base: '/subject' | '/subject/legalRep'): void {
  if (b.get(`${base}/idNo`) !== undefined) return;
  const value = b.code(`${base}/idNo`, [code]);
  if (value && b.get(`${base}/idType`) === undefined && RESIDENT_ID_SHAPE.test(value)) b.set(`${base}/idType`, '身份证');
}

// 行政相对人 of a path-keyed draft (field keys are the canonical pointers, as the JSON adapters
// use them). Category from the field when given, else from the identifiers present.
import type { SubjectCategory } from '../model/types.ts';
import { subjectCategory } from './category.ts';
import { normaliseCodeValue } from './code.ts';
import type { RecordDraft } from './record-draft.ts';

const CATEGORY_NAMES = ['法人及非法人组织', '自然人', '个体工商户'];
const RESIDENT_ID_SHAPE = /^(?:\d{15}|\d{17}[\dX])$/;

/**
 * Reads /subject/*. Without a category field: a USCC starting 92 is an individual business, any
 * organisation code a legal organisation, a personal ID alone a natural person, otherwise
 * `fallback` (法人及非法人组织 unless told). For an organisation, 证件号码 is its legal
 * representative's (as in the 2016 CF_XDR_SFZ field). A number shaped like a resident ID without
 * a 证件类型 is taken as 身份证.
 */
export function readSubject(d: RecordDraft, fallback: SubjectCategory = 'LEGAL_ORG'): void {
  d.text('/subject/name');
  const uscc = d.code('/subject/uscc');
  const regNo = d.code('/subject/regNo');
  const orgCode = d.code('/subject/orgCode');
  const taxRegNo = d.code('/subject/taxRegNo');
  d.text('/subject/legalRep/name');
  d.text('/subject/legalRep/idType');
  d.code('/subject/legalRep/idNo');
  const idType = d.take('/subject/idType', '/subject/idType');
  // Placed below, once the category is known.
  const idRaw = d.take('/subject/idNo', '/subject/idNo');
  const id = idRaw === undefined ? {} : normaliseCodeValue(idRaw);
  if (id.error) d.issue('/subject/idNo', id.error, '/subject/idNo', { value: idRaw });
  const idNo = id.value;

  let category: SubjectCategory | undefined;
  const given = d.take('/subject/category', '/subject/category');
  if (given !== undefined) {
    category = subjectCategory(given);
    if (category) d.set('/subject/category', category, '/subject/category');
    else d.issue('/subject/category', 'ENUM', '/subject/category', { value: given, allowed: CATEGORY_NAMES });
  } else {
    if (uscc) category = uscc.startsWith('92') ? 'INDIVIDUAL_BIZ' : 'LEGAL_ORG';
    else if (regNo || orgCode || taxRegNo) category = 'LEGAL_ORG';
    else if (idNo) category = 'NATURAL_PERSON';
    else category = fallback;
    d.set('/subject/category', category);
  }

  if (idNo === undefined) {
    if (idType !== undefined) d.set('/subject/idType', idType, '/subject/idType');
    return;
  }
  const base = category !== 'NATURAL_PERSON' && d.get('/subject/legalRep/name') !== undefined && d.get('/subject/legalRep/idNo') === undefined ? '/subject/legalRep' : '/subject';
  d.set(`${base}/idNo`, idNo, '/subject/idNo');
  if (idType !== undefined) d.set(`${base}/idType`, idType, '/subject/idType');
  else if (d.get(`${base}/idType`) === undefined && RESIDENT_ID_SHAPE.test(idNo)) d.set(`${base}/idType`, '身份证', '/subject/idNo');
}

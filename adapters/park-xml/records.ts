// XZCF (行政处罚) and XZXK (行政许可) elements → canonical records. 2021 field codes first, the
// 2016 set (CF_CFLB1/2, CF_JG, CF_XZJG, CF_JZQ, XK_XMMC, XK_SPLB, XK_JZQ, XK_XZJG, …) as fallbacks.
import { matchKey, orderedRecord, splitCategories } from '../../src/normalise/index.ts';
import type { AdapterContext } from '../types.ts';
import { RecordBuilder } from './builder.ts';
import {
  LEGACY_PENALTY_CATEGORY_CODES, LICENCE_CATEGORIES, LICENCE_ORDER, LICENCE_STATUS, OPERATIONS,
  PENALTY_ORDER, PENALTY_STATUS, SEVERITY, SUBJECT_ORDER, USAGE_SCOPE,
} from './codes.ts';
import { buildSubject } from './subject.ts';
import type { FieldBag } from './xml.ts';

export interface BuiltRecord {
  record: Record<string, unknown>;
  issues: RecordBuilder['issues'];
  sourceFields: Record<string, string>;
}

function envelope(b: RecordBuilder): void {
  const op = b.take(['Operation'], '/operation');
  const key = op?.raw.normalize('NFKC').toLowerCase();
  if (!op || key === undefined) b.set('/operation', 'upsert');
  else if (Object.hasOwn(OPERATIONS, key)) b.set('/operation', OPERATIONS[key], op.code);
  else b.issue('/operation', 'OPERATION_INVALID', op.code, { value: op.raw });
  b.text('/sourceRecordId', ['SourceRecordId']);
}

/** Authority and data source; the department's configured data source fills what the element lacks. */
function parties(b: RecordBuilder, ctx: AdapterContext, names: { authority: string[]; authorityUscc: string[]; source: string; sourceUscc: string }): void {
  const authority = b.text('/data/authorityName', names.authority);
  const authorityUscc = b.code('/data/authorityUscc', names.authorityUscc);
  // The 2016 set has no authority code. When the authority is the reporting department itself, its
  // configured USCC is the authority's.
  if (!authorityUscc && authority && matchKey(authority) === matchKey(ctx.dataSource.name)) b.set('/data/authorityUscc', ctx.dataSource.uscc);
  if (!b.text('/data/dataSourceName', [names.source])) b.set('/data/dataSourceName', ctx.dataSource.name);
  if (!b.code('/data/dataSourceUscc', [names.sourceUscc])) b.set('/data/dataSourceUscc', ctx.dataSource.uscc);
  b.code('/data/regionCode', ['DFBM']);
}

function finish(recordType: string, b: RecordBuilder, dataOrder: readonly string[]): BuiltRecord {
  return { record: orderedRecord(b.root, recordType, { subject: SUBJECT_ORDER, data: dataOrder }), issues: b.issues, sourceFields: b.sourceFields };
}

function penaltyCategories(b: RecordBuilder): void {
  const path = '/data/penaltyCategories';
  const sources = b.has('CF_CFLB') ? ['CF_CFLB'] : ['CF_CFLB1', 'CF_CFLB2'];
  const out: string[] = [];
  const used: string[] = [];
  for (const code of sources) {
    for (const raw of b.all(code, path)) {
      const legacy = code !== 'CF_CFLB' && Object.hasOwn(LEGACY_PENALTY_CATEGORY_CODES, raw) ? LEGACY_PENALTY_CATEGORY_CODES[raw]! : raw;
      for (const c of splitCategories(legacy)) if (!out.includes(c)) out.push(c);
      if (!used.includes(code)) used.push(code);
    }
  }
  if (out.length > 0) b.set(path, out, used.join('+'));
}

export function buildPenalty(fields: FieldBag, ctx: AdapterContext): BuiltRecord {
  const b = new RecordBuilder(fields);
  envelope(b);
  buildSubject(b, 'CF');
  b.text('/data/decisionNo', ['CF_WSH']);
  b.text('/data/violationType', ['CF_WFXW', 'CF_CFMC']);
  b.text('/data/violationFacts', ['CF_SY']);
  b.text('/data/legalBasis', ['CF_YJ']);
  penaltyCategories(b);
  b.text('/data/penaltyContent', ['CF_NR', 'CF_JG']);
  b.amount('/data/fineAmountWan', ['CF_NR_FK'], '万元');
  b.amount('/data/confiscationAmountWan', ['CF_NR_WFFF'], '万元');
  b.text('/data/licenceActionDesc', ['CF_NR_ZKDX']);
  b.date('/data/decisionDate', ['CF_JDRQ'], 'reject');
  b.date('/data/penaltyValidUntil', ['CF_YXQ', 'CF_JZQ'], 'far-date');
  b.date('/data/publicityEndDate', ['CF_GSJZQ'], 'reject');
  parties(b, ctx, { authority: ['CF_CFJG', 'CF_XZJG'], authorityUscc: ['CF_CFJGDM', 'CF_XZJGDM'], source: 'CF_SJLY', sourceUscc: 'CF_SJLYDM' });
  b.enumValue('/data/severity', ['CF_SXYZCD'], SEVERITY);
  b.enumValue('/data/status', ['CF_ZT'], PENALTY_STATUS);
  b.enumValue('/data/usageScope', ['CF_SYFW'], USAGE_SCOPE);
  b.text('/data/remarks', ['BZ']);
  return finish('administrative-penalty', b, PENALTY_ORDER);
}

/** 许可类别; "其他-危化品备案" / "其他（…）" → 其他 plus categoryOther. Unknown values go on for the schema to report. */
function licenceCategory(b: RecordBuilder): void {
  const t = b.take(['XK_XKLB', 'XK_SPLB'], '/data/licenceCategory');
  if (!t) return;
  const v = t.raw.normalize('NFKC').trim();
  const other = /^其他[\s\-—:：(（]*([^)）]*)[)）]?$/.exec(v);
  if ((LICENCE_CATEGORIES as readonly string[]).includes(v)) b.set('/data/licenceCategory', v, t.code);
  else if (other) {
    b.set('/data/licenceCategory', '其他', t.code);
    if (other[1]) b.set('/data/categoryOther', other[1].trim(), t.code);
  } else b.set('/data/licenceCategory', t.raw, t.code);
}

export function buildLicence(fields: FieldBag, ctx: AdapterContext): BuiltRecord {
  const b = new RecordBuilder(fields);
  envelope(b);
  buildSubject(b, 'XK');
  b.text('/data/decisionDocName', ['XK_XKWS', 'XK_XMMC']);
  b.text('/data/decisionDocNo', ['XK_WSH', 'XK_XKBH']); // 无文书号时填许可编号
  licenceCategory(b);
  b.text('/data/certificateName', ['XK_XKZS']);
  b.text('/data/licenceNo', ['XK_XKBH']);
  b.text('/data/content', ['XK_NR']);
  b.date('/data/decisionDate', ['XK_JDRQ'], 'reject');
  if (b.has('XK_YXQZ') || b.has('XK_YXQZI')) b.date('/data/validFrom', ['XK_YXQZ'], 'reject');
  else if (b.get('/data/decisionDate') !== undefined) b.set('/data/validFrom', b.get('/data/decisionDate'), 'XK_JDRQ'); // 2016: XK_JDRQ is 许可生效期
  b.date('/data/validTo', ['XK_YXQZI', 'XK_JZQ'], 'null');
  parties(b, ctx, { authority: ['XK_XKJG', 'XK_XZJG'], authorityUscc: ['XK_XKJGDM', 'XK_XZJGDM'], source: 'XK_LYDW', sourceUscc: 'XK_LYDWDM' });
  b.enumValue('/data/status', ['XK_ZT'], LICENCE_STATUS);
  b.enumValue('/data/usageScope', ['XK_SYFW'], USAGE_SCOPE);
  b.text('/data/remarks', ['BZ']);
  return finish('administrative-license', b, LICENCE_ORDER);
}

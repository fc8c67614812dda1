// One bureau record object → a canonical-shaped record. Penalties and licences go through the
// 信用中国 builders of park-xml (the same standard, so the same reading of every field); safety
// commitments, accidents and credit grades are read here.
import type { RecordIssue } from '../../src/errors/index.ts';
import {
  defaultLabels, jsonField, labelledFields, ordered, labelUnit, LabelTable, matchKey, readEnvelope, readParties, readSubject, relabel, RecordDraft,
  restoreAmountValues, subjectKey, writeAmountUnits, type FieldBag, type FieldValue,
} from '../../src/normalise/index.ts';
import { buildLicence, buildPenalty } from '../park-xml/records.ts';
import type { AdapterContext } from '../types.ts';
import {
  ACCIDENT_LEVELS, ACCIDENT_ORDER, COMMITMENT_ORDER, COMMITMENT_TYPES, FULFILMENT, GRADE_ORDER, GRADE_STATUS, GRADES,
  STANDARDIZATION_LEVELS, SUBJECT_ORDER,
} from './codes.ts';
import {
  ACCIDENT_FIELDS, ACCIDENT_NAME, codedDefaults, codedTable, COMMITMENT_FIELDS, GRADE_DATE, GRADE_FIELDS, LICENCE_FIELDS, PENALTY_FIELDS,
  type CodedField,
} from './fields.ts';

type Obj = Record<string, unknown>;

export interface Built {
  record: Obj;
  issues: RecordIssue[];
  sourceFields: Record<string, string>;
}

const entries = (obj: Obj): [string, FieldValue][] => Object.entries(obj).map(([k, v]) => [k, jsonField(v)]);

// ---- penalty and licence: 信用中国 codes ---------------------------------------------------------

interface CodedType {
  table: LabelTable;
  defaults: Record<string, string>;
  amounts: readonly string[];
  build: (fields: FieldBag, ctx: AdapterContext) => Built;
}

const coded = (fields: readonly CodedField[], amounts: readonly string[], build: CodedType['build']): CodedType => ({
  table: codedTable(fields), defaults: codedDefaults(fields), amounts, build,
});

const PENALTY = coded(PENALTY_FIELDS, ['CF_NR_FK', 'CF_NR_WFFF'], buildPenalty);
const LICENCE = coded(LICENCE_FIELDS, [], buildLicence);

/**
 * 主体类别 defaults to 法人及非法人组织: the 信用中国 builders infer the category from the subject's
 * codes, and leave it out when there is none to go by (no code, or one Excel destroyed).
 */
export function defaultCategory(built: Built): Built {
  const subject = built.record.subject as Obj | undefined;
  if (!subject || subject.category !== undefined || built.issues.some((i) => i.path === '/subject/category')) return built;
  return { ...built, record: { ...built.record, subject: ordered({ ...subject, category: 'LEGAL_ORG' }, SUBJECT_ORDER) } };
}

function buildCoded(obj: Obj, t: CodedType, ctx: AdapterContext): Built {
  const { bag, labels } = labelledFields(entries(obj), t.table);
  // A bare amount means 元 in the bureau's export ("2000" = 2000 元) unless its key says 万元.
  const originals = writeAmountUnits(bag, labels, t.amounts, '元');
  const built = relabel(defaultCategory(t.build(bag, ctx)), labels, t.defaults);
  return { ...built, issues: restoreAmountValues(built.issues, originals) };
}

export const buildBureauPenalty = (obj: Obj, ctx: AdapterContext) => buildCoded(obj, PENALTY, ctx);
export const buildBureauLicence = (obj: Obj, ctx: AdapterContext) => buildCoded(obj, LICENCE, ctx);

// ---- commitment, accident, grade: canonical pointers -----------------------------------------------

function draftOf(obj: Obj, table: LabelTable): RecordDraft {
  const { bag, labels } = labelledFields(entries(obj), table);
  return new RecordDraft(bag, labels);
}

const finish = (d: RecordDraft, type: string, data: readonly string[], defaults: Record<string, string>): Built => {
  const built = d.finish(type, { subject: SUBJECT_ORDER, data });
  return { ...built, sourceFields: { ...defaults, ...built.sourceFields } };
};

const COMMITMENT_TABLE = new LabelTable(COMMITMENT_FIELDS);
const COMMITMENT_DEFAULTS = defaultLabels(COMMITMENT_FIELDS);

export function buildCommitment(obj: Obj, ctx: AdapterContext): Built {
  const d = draftOf(obj, COMMITMENT_TABLE);
  readEnvelope(d);
  readSubject(d);
  const type = d.lookup('/data/commitmentType', COMMITMENT_TYPES);
  d.text('/data/content');
  d.text('/data/signedBy');
  const date = d.date('/data/commitDate', 'reject');
  d.date('/data/validFrom', 'reject');
  d.date('/data/validTo', 'null');
  d.text('/data/publishedUrl');
  d.lookup('/data/fulfilment', FULFILMENT);
  readParties(d, ctx.dataSource, { name: '/data/authorityName', uscc: '/data/authorityUscc' });
  d.deriveSourceRecordId([subjectKey(d), ['/data/commitmentType', type], ['/data/commitDate', date]]);
  return finish(d, 'safety-commitment', COMMITMENT_ORDER, COMMITMENT_DEFAULTS);
}

const ACCIDENT_TABLE = new LabelTable(ACCIDENT_FIELDS);
const ACCIDENT_DEFAULTS = defaultLabels(ACCIDENT_FIELDS);

/** "C26", "26", "C2614", "C26 化学原料和化学制品制造业" → section letter (if given) + division; else as written. */
function industryCode(d: RecordDraft): void {
  const path = '/data/industryCode';
  const raw = d.take(path, path);
  if (raw === undefined) return;
  const m = /^([A-T])?(\d{2})(?:\d{1,2})?(?![\d])/i.exec(raw.normalize('NFKC').trim());
  d.set(path, m ? `${(m[1] ?? '').toUpperCase()}${m[2]}` : raw, path);
}

export function buildAccident(obj: Obj, ctx: AdapterContext): Built {
  const d = draftOf(obj, ACCIDENT_TABLE);
  readEnvelope(d);
  readSubject(d);
  const occurredAt = d.dateTime('/data/occurredAt');
  d.text('/data/location');
  industryCode(d);
  d.count('/data/deaths');
  d.count('/data/seriousInjuries');
  d.amountWan('/data/directLossWan', labelUnit(d.label('/data/directLossWan')) ?? '万元');
  d.lookup('/data/level', ACCIDENT_LEVELS);
  d.bool('/data/isLiability');
  d.text('/data/reportNo');
  const name = d.take(ACCIDENT_NAME, '/data/summary');
  const summary = d.take('/data/summary', '/data/summary');
  if (name !== undefined || summary !== undefined) {
    const keys = [name === undefined ? undefined : ACCIDENT_NAME, summary === undefined ? undefined : '/data/summary'].filter((k): k is string => k !== undefined);
    d.set('/data/summary', name !== undefined && summary !== undefined ? `${name}：${summary}` : (name ?? summary));
    d.sourceFields['/data/summary'] = keys.map((k) => d.label(k)).join('+');
  }
  readParties(d, ctx.dataSource, { name: '/data/authorityName', uscc: '/data/authorityUscc' });
  d.deriveSourceRecordId([subjectKey(d), ['/data/occurredAt', occurredAt]]);
  return finish(d, 'accident', ACCIDENT_ORDER, ACCIDENT_DEFAULTS);
}

const GRADE_TABLE = new LabelTable(GRADE_FIELDS);
const GRADE_DEFAULTS = defaultLabels(GRADE_FIELDS);

export function buildGrade(obj: Obj, ctx: AdapterContext): Built {
  const d = draftOf(obj, GRADE_TABLE);
  readEnvelope(d);
  readSubject(d);
  const raw = d.take('/data/grade', '/data/grade');
  if (raw !== undefined) {
    const g = GRADES.get(raw);
    if (g) {
      d.set('/data/scheme', g.scheme, '/data/grade');
      d.set('/data/grade', g.grade, '/data/grade');
    } else d.issue('/data/grade', 'ENUM', '/data/grade', { value: raw, allowed: GRADES.allowed });
  }
  const score = d.take('/data/score', '/data/score');
  if (score !== undefined) d.set('/data/score', score.normalize('NFKC').replace(/\s|分$/g, ''), '/data/score');
  const year = d.year('/data/year');
  const evaluator = d.text('/data/evaluator');
  if (!d.code('/data/evaluatorUscc') && evaluator && matchKey(evaluator) === matchKey(ctx.dataSource.name)) d.set('/data/evaluatorUscc', ctx.dataSource.uscc);
  d.text('/data/docNo');
  d.date('/data/validFrom', 'reject');
  if (d.get('/data/validFrom') === undefined && !d.hasIssue('/data/validFrom')) d.date('/data/validFrom', 'reject', GRADE_DATE);
  d.date('/data/validTo', 'reject');
  d.lookup('/data/standardizationLevel', STANDARDIZATION_LEVELS);
  d.lookup('/data/status', GRADE_STATUS);
  readParties(d, ctx.dataSource);
  d.deriveSourceRecordId([subjectKey(d), ['/data/year', year]]);
  return finish(d, 'credit-grade', GRADE_ORDER, GRADE_DEFAULTS);
}

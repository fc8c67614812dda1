import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { CanonicalRecord } from '../../model/index.ts';
import type { PushItem } from '../types.ts';
import { buildPackage, fieldText, formatSendTime, toProvincialElement, type ProvincialElement } from './xml.ts';

const USCC = '91350100M000100Y43';

function item(record: Record<string, unknown>, n = 1): PushItem {
  return { deliveryId: n, recordId: `rec-${n}`, version: `ver-${n}`, versionNo: n, record: record as unknown as CanonicalRecord };
}

function element(record: Record<string, unknown>): ProvincialElement {
  const m = toProvincialElement(item(record));
  if (!('element' in m)) throw new Error(m.unsupported);
  return m.element;
}

const fields = (e: ProvincialElement): Record<string, string> => Object.fromEntries(e.fields);

const penalty = {
  recordType: 'administrative-penalty',
  operation: 'upsert',
  subject: {
    name: '灌云县某（化工）有限公司', category: 'LEGAL_ORG', uscc: USCC, regNo: '110108000000016', orgCode: 'M000100Y4', taxRegNo: 'T1',
    legalRep: { name: '张三', idType: '身份证', idNo: '11010519491231002X' },
  },
  data: {
    decisionNo: '灌应急罚〔2024〕12号', violationType: '未按规定开展安全培训', violationFacts: '事实', legalBasis: '《安全生产法》第九十七条',
    penaltyCategories: ['罚款', '责令停产停业'], penaltyContent: '罚款2000元', fineAmountWan: '0.2', confiscationAmountWan: '0', licenceActionDesc: '安全生产许可证 No.1',
    decisionDate: '2024-03-05', penaltyValidUntil: '2025-03-05', publicityEndDate: '2025-03-05', authorityName: '灌云县应急管理局', authorityUscc: '11320723MB1234567K',
    dataSourceName: '灌云县应急管理局', dataSourceUscc: '11320723MB1234567K', regionCode: '320723', severity: 'SERIOUS', domainTag: 'SAFETY', status: 'NORMAL',
    usageScope: 'GOV_SHARE', remarks: '备注',
  },
};

const licence = {
  recordType: 'administrative-license',
  operation: 'upsert',
  subject: { name: '某个体户', category: 'INDIVIDUAL_BIZ', uscc: '92340602MA2PBMEM24' },
  data: {
    decisionDocName: '危险化学品经营许可证核发决定书', decisionDocNo: '连应急许〔2024〕3号', licenceCategory: '普通', certificateName: '危险化学品经营许可证',
    licenceNo: '苏连危化经字〔2024〕000003', content: '经营范围', decisionDate: '2024-01-02', validFrom: '2024-01-02', validTo: '2027-01-01',
    authorityName: '连云港市应急管理局', authorityUscc: '11320700MB1234567X', dataSourceName: '连云港市应急管理局', dataSourceUscc: '11320700MB1234567X',
    regionCode: '320700', status: 'VALID', usageScope: 'PUBLIC', remarks: 'r',
  },
};

describe('provincial XML mapping', () => {
  it('a penalty becomes <XZCF> with the 信用中国 CF_* codes in the standard order, envelope first', () => {
    const e = element(penalty);
    expect(e.name).toBe('XZCF');
    expect(e.fields.map(([k]) => k)).toEqual([
      'RecordId', 'Version', 'VersionNo', 'Operation',
      'CF_XDR_MC', 'CF_XDR_LB', 'CF_XDR_SHXYM', 'CF_XDR_GSZC', 'CF_XDR_ZZJG', 'CF_XDR_SWDJ', 'CF_FRDB', 'CF_FR_ZJLX', 'CF_FR_ZJHM',
      'CF_WSH', 'CF_WFXW', 'CF_SY', 'CF_YJ', 'CF_CFLB', 'CF_NR', 'CF_NR_FK', 'CF_NR_WFFF', 'CF_NR_ZKDX', 'CF_JDRQ', 'CF_YXQ', 'CF_GSJZQ',
      'CF_CFJG', 'CF_CFJGDM', 'CF_SJLY', 'CF_SJLYDM', 'DFBM', 'CF_SXYZCD', 'CF_ZT', 'CF_SYFW', 'BZ',
    ]);
    expect(fields(e)).toMatchObject({
      RecordId: 'rec-1', Version: 'ver-1', VersionNo: '1', Operation: 'upsert',
      CF_XDR_MC: '灌云县某（化工）有限公司', CF_XDR_LB: '法人及非法人组织', CF_XDR_SHXYM: USCC, CF_XDR_ZZJG: 'M000100Y4',
      CF_FRDB: '张三', CF_FR_ZJLX: '身份证', CF_FR_ZJHM: '11010519491231002X', // sent as held: the platform masks on publication
      CF_CFLB: '罚款；责令停产停业', CF_NR_FK: '0.2', CF_NR_WFFF: '0', CF_JDRQ: '2024-03-05', CF_YXQ: '2025-03-05',
      CF_SXYZCD: '严重', CF_ZT: '正常', CF_SYFW: '仅政府部门内部共享', DFBM: '320723', BZ: '备注',
    });
    // domainTag has no code in the standard and is not sent.
    expect(JSON.stringify(e.fields)).not.toContain('SAFETY');
  });

  it('a natural person carries 证件类型/号码 as CF_XDR_ZJLX / CF_XDR_ZJHM, unmasked', () => {
    const e = element({ ...penalty, subject: { name: '李四', category: 'NATURAL_PERSON', idType: '身份证', idNo: '360426199101010071' } });
    expect(fields(e)).toMatchObject({ CF_XDR_MC: '李四', CF_XDR_LB: '自然人', CF_XDR_ZJLX: '身份证', CF_XDR_ZJHM: '360426199101010071' });
    expect(fields(e).CF_XDR_SHXYM).toBeUndefined();
  });

  it('a licence becomes <XZXK> with XK_* codes; 个体工商户; status and scope as their Chinese terms', () => {
    const e = element(licence);
    expect(e.name).toBe('XZXK');
    expect(fields(e)).toEqual({
      RecordId: 'rec-1', Version: 'ver-1', VersionNo: '1', Operation: 'upsert',
      XK_XDR_MC: '某个体户', XK_XDR_LB: '个体工商户', XK_XDR_SHXYM: '92340602MA2PBMEM24',
      XK_XKWS: '危险化学品经营许可证核发决定书', XK_WSH: '连应急许〔2024〕3号', XK_XKLB: '普通', XK_XKZS: '危险化学品经营许可证',
      XK_XKBH: '苏连危化经字〔2024〕000003', XK_NR: '经营范围', XK_JDRQ: '2024-01-02', XK_YXQZ: '2024-01-02', XK_YXQZI: '2027-01-01',
      XK_XKJG: '连云港市应急管理局', XK_XKJGDM: '11320700MB1234567X', XK_ZT: '有效', XK_LYDW: '连云港市应急管理局', XK_LYDWDM: '11320700MB1234567X',
      DFBM: '320700', XK_SYFW: '公示', BZ: 'r',
    });
  });

  it.each([[null], [undefined]])('a licence without an end (validTo %s) is 长期: XK_YXQZI 2099-12-31', (validTo) => {
    const e = element({ ...licence, data: { ...licence.data, validTo } });
    expect(fields(e).XK_YXQZI).toBe('2099-12-31');
  });

  it('许可类别 其他 carries its note as 其他-…', () => {
    const e = element({ ...licence, data: { ...licence.data, licenceCategory: '其他', categoryOther: '危化品备案' } });
    expect(fields(e).XK_XKLB).toBe('其他-危化品备案');
    expect(fields(e).XK_XKLB).not.toContain('undefined');
  });

  it('a revoke keeps its fields and says Operation revoke', () => {
    const e = element({ ...penalty, operation: 'revoke' });
    expect(fields(e).Operation).toBe('revoke');
    expect(fields(e).CF_WSH).toBe('灌应急罚〔2024〕12号');
  });

  it('a punishment list entry becomes <HEIMINGDAN> with HMD_* codes; structured values as JSON; unknown fields in HMD_KZXX', () => {
    const e = element({
      recordType: 'punishment-list-entry', operation: 'upsert',
      subject: { name: '某化工有限公司', category: 'LEGAL_ORG', uscc: USCC },
      data: {
        listType: 'SERIOUS_DISHONEST_2023', basisClause: '第十一号令第五条(一)', reason: '发生较大事故', decisionNo: '应急严失〔2024〕1号', decisionDate: '2024-02-01',
        noticeDate: '2024-01-10', statementDeadline: '2024-01-20', publishDate: '2024-02-05', periodEnd: '2027-02-05', earlyRemovalEligibleFrom: '2025-02-05',
        relatedPersons: [{ name: '王五', role: 'LEGAL_REP', idNo: '11010519491231002X' }], authorityName: '省应急管理厅', authorityUscc: '11320000MB0000000X',
        dataSourceName: '园区', dataSourceUscc: '11320723MB7654321G', regionCode: '320723', status: 'PUBLISHED', usageScope: 'PUBLIC', remarks: 'bz',
        futureField: { b: 2, a: [1, 2] }, anotherOne: 'x',
      },
    });
    expect(e.name).toBe('HEIMINGDAN');
    const f = fields(e);
    expect(f).toMatchObject({
      HMD_XDR_MC: '某化工有限公司', HMD_XDR_LB: '法人及非法人组织', HMD_XDR_SHXYM: USCC, HMD_MDLX: 'SERIOUS_DISHONEST_2023', HMD_RDYJ: '第十一号令第五条(一)',
      HMD_RDLY: '发生较大事故', HMD_WSH: '应急严失〔2024〕1号', HMD_RDRQ: '2024-02-01', HMD_GZRQ: '2024-01-10', HMD_SBJZRQ: '2024-01-20', HMD_FBRQ: '2024-02-05',
      HMD_YXQZI: '2027-02-05', HMD_TQYCRQ: '2025-02-05', HMD_RDJG: '省应急管理厅', HMD_RDJGDM: '11320000MB0000000X', HMD_SJLY: '园区',
      HMD_SJLYDM: '11320723MB7654321G', HMD_ZT: 'PUBLISHED', HMD_SYFW: '公示', DFBM: '320723', BZ: 'bz',
    });
    expect(JSON.parse(f.HMD_XGRY!)).toEqual([{ name: '王五', role: 'LEGAL_REP', idNo: '11010519491231002X' }]);
    // Fields the table does not know, sorted by key, nothing lost.
    expect(f.HMD_KZXX).toBe('{"anotherOne":"x","futureField":{"b":2,"a":[1,2]}}');
  });

  it('an incentive list entry becomes <HONGMINGDAN> with CMD_* codes', () => {
    const conditions = { publicCommitment: true, noDishonestyWithin3Years: true, noPenaltyWithin3Years: true, noFatalAccidentOrOccupationalDiseaseWithin3Years: true, standardizationLevelOne: true, notOnOtherPunishmentList: true };
    const e = element({
      recordType: 'incentive-list-entry', operation: 'upsert', subject: { name: '某守信企业', category: 'LEGAL_ORG', uscc: USCC },
      data: { conditions, standardizationLevel: '一级', publishDate: '2024-05-01', validUntil: '2027-05-01', dataSourceName: 'd', dataSourceUscc: 'u' },
    });
    expect(e.name).toBe('HONGMINGDAN');
    const f = fields(e);
    expect(f).toMatchObject({ CMD_XDR_MC: '某守信企业', CMD_BZHDJ: '一级', CMD_FBRQ: '2024-05-01', CMD_YXQZI: '2027-05-01', CMD_SJLY: 'd', CMD_SJLYDM: 'u' });
    expect(JSON.parse(f.CMD_RDTJ!)).toEqual(conditions);
    expect(f.CMD_KZXX).toBeUndefined();
  });

  it('two fields naming the same code: the first wins, the second goes to KZXX', () => {
    const e = element({ recordType: 'punishment-list-entry', operation: 'upsert', subject: { name: 'n', category: 'LEGAL_ORG' }, data: { periodEnd: '2025-01-01', validUntil: '2026-01-01' } });
    expect(fields(e).HMD_YXQZI).toBe('2025-01-01');
    expect(fields(e).HMD_KZXX).toBe('{"validUntil":"2026-01-01"}');
  });

  it.each(['safety-commitment', 'credit-grade', 'accident', 'commendation', 'wage-arrears', 'annual-credit-report', 'objection', 'repair-request', 'toString', '__proto__'])(
    '%s cannot travel in a provincial package: a clear reason',
    (recordType) => {
      const m = toProvincialElement(item({ recordType, operation: 'upsert', subject: { name: 'n', category: 'LEGAL_ORG' }, data: {} }));
      expect(m).toEqual({ unsupported: expect.stringContaining(recordType) });
      expect((m as { unsupported: string }).unsupported).toContain('XZCF');
    },
  );

  it('absent, null and empty values are left out', () => {
    const e = element({ ...penalty, subject: { name: 'n', category: 'LEGAL_ORG', uscc: '', regNo: null }, data: { decisionNo: 'd', remarks: '' } });
    expect(fields(e)).toEqual({ RecordId: 'rec-1', Version: 'ver-1', VersionNo: '1', Operation: 'upsert', CF_XDR_MC: 'n', CF_XDR_LB: '法人及非法人组织', CF_WSH: 'd' });
  });

  it('fieldText: scalars, lists joined with ；, objects as JSON, characters XML cannot carry dropped', () => {
    expect(fieldText('a\u0001b\u000bc\ud800')).toBe('abc');
    expect(fieldText('tab\tnew\nline')).toBe('tab\tnew\nline');
    expect(fieldText('😀')).toBe('😀');
    expect(fieldText(3)).toBe('3');
    expect(fieldText(false)).toBe('false');
    expect(fieldText(['a', 'b'])).toBe('a；b');
    expect(fieldText({ a: 1 })).toBe('{"a":1}');
    expect(fieldText('\u0000')).toBeUndefined();
  });

  it('formatSendTime writes Asia/Shanghai time with +08:00', () => {
    expect(formatSendTime(Date.UTC(2024, 2, 5, 16, 30, 15))).toBe('2024-03-06T00:30:15+08:00');
    expect(Date.parse(formatSendTime(1_700_000_000_000))).toBe(1_700_000_000_000);
  });
});

describe('provincial package', () => {
  const parser = new XMLParser({ parseTagValue: false, isArray: (name) => ['XZCF', 'XZXK'].includes(name) });

  it('has the Header (PackageId, SenderCode, SendTime, RecordCount) and the elements in order, properly escaped', () => {
    const nasty = `A&B <公司> "引号" 'apos' ]]> &amp;`;
    const els = [element({ ...penalty, subject: { ...penalty.subject, name: nasty } }), element(licence)];
    const xml = buildPackage({ packageId: 'pkg-1', senderCode: 'GW<1>', sendTime: '2024-03-06T00:30:15+08:00' }, els);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><DataPackage><Header><PackageId>pkg-1</PackageId>')).toBe(true);
    expect(xml).not.toContain('<公司>');
    expect(xml).not.toContain('<!DOCTYPE');
    const doc = parser.parse(xml) as { DataPackage: { Header: Record<string, string>; Body: { XZCF: Array<Record<string, string>>; XZXK: Array<Record<string, string>> } } };
    expect(doc.DataPackage.Header).toEqual({ PackageId: 'pkg-1', SenderCode: 'GW<1>', SendTime: '2024-03-06T00:30:15+08:00', RecordCount: '2' });
    expect(doc.DataPackage.Body.XZCF[0]!.CF_XDR_MC).toBe(nasty);
    expect(doc.DataPackage.Body.XZXK[0]!.XK_WSH).toBe('连应急许〔2024〕3号');
    expect(xml.indexOf('<XZCF>')).toBeLessThan(xml.indexOf('<XZXK>'));
  });
});

describe('provincial package read back by the park-xml adapter (its field mapping is the inverse)', () => {
  it('penalty and licence survive canonical → XML → canonical', async () => {
    const { parseParkXml } = await import('../../../adapters/park-xml/index.ts');
    const { domainTag: _dropped, ...penaltyData } = penalty.data;
    const xml = buildPackage({ packageId: 'p', senderCode: 's', sendTime: formatSendTime(0) }, [element(penalty), element(licence)]);
    const out = parseParkXml(xml, { departmentId: 'd', dataSource: { name: 'x', uscc: 'y' }, query: {} });
    expect(out.records.map((r) => r.issues)).toEqual([[], []]);
    expect(out.records[0]!.record).toEqual({ recordType: 'administrative-penalty', operation: 'upsert', subject: penalty.subject, data: penaltyData });
    expect(out.records[1]!.record).toEqual({ ...licence, operation: 'upsert' });
  });
});

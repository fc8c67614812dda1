import { BUILDER, BUREAU, builder, COMPANY, type TypeCorpus } from './fixtures.ts';

const accident = builder({
  recordType: 'accident',
  sourceRecordId: 'SG-2026-007',
  subject: COMPANY,
  data: {
    occurredAt: '2026-04-12T09:40:00+08:00',
    location: '灌云县临港产业区连云港恒瑞化工有限公司合成车间',
    industryCode: 'C26',
    deaths: 1,
    seriousInjuries: 2,
    directLossWan: '186.5',
    level: '一般',
    isLiability: true,
    reportNo: '灌应急事调〔2026〕2号',
    summary: '反应釜检修时未执行有限空间作业审批，1人中毒死亡、2人重伤。',
    authorityName: BUREAU.name,
    authorityUscc: BUREAU.uscc,
  },
});

/** The numbers of an accident without a level: the validator fills it. */
const numbers = (deaths: number, seriousInjuries: number, directLossWan: string) => accident({ data: { deaths, seriousInjuries, directLossWan, level: undefined } });

export const accidentCorpus: TypeCorpus = {
  type: 'accident',
  valid: [
    { name: 'an ordinary (一般) accident with its level given', input: accident(), data: { level: '一般', regionCode: '320723' } },
    {
      name: 'no level: 3 deaths derive 较大; a zone-less time is Beijing time; a bare division gets its section',
      input: accident({ data: { deaths: 3, level: undefined, occurredAt: '2026-04-12 09:40', industryCode: '26' } }),
      data: { level: '较大', occurredAt: '2026-04-12T09:40:00+08:00', industryCode: 'C26' },
    },
    { name: 'a loss of exactly 1000 万元 is 较大 (以上 includes the number)', input: numbers(0, 0, '1000'), data: { level: '较大' } },
    { name: 'a loss just under 1000 万元 is 一般', input: numbers(2, 9, '999.999999'), data: { level: '一般' } },
    { name: '10 deaths are 重大', input: numbers(10, 0, '0'), data: { level: '重大' } },
    { name: '50 serious injuries are 重大', input: numbers(0, 50, '0'), data: { level: '重大' } },
    { name: '5000 万元 is 重大', input: numbers(0, 0, '5000'), data: { level: '重大' } },
    { name: '100 serious injuries are 特别重大', input: numbers(0, 100, '12'), data: { level: '特别重大' } },
    { name: '30 deaths are 特别重大', input: numbers(30, 0, '0'), data: { level: '特别重大' } },
    { name: '1 亿元 is 特别重大', input: numbers(0, 0, '10000'), data: { level: '特别重大' } },
    { name: 'the highest measure wins: 2 deaths but 12 serious injuries is 较大', input: numbers(2, 12, '50'), data: { level: '较大' } },
    { name: 'a construction accident with the level given (重大)', input: accident({ subject: BUILDER, data: { industryCode: 'E48', deaths: 12, seriousInjuries: 3, directLossWan: '2300', level: '重大', isLiability: undefined } }) },
    { name: 'early today in Beijing, still yesterday in UTC', input: accident({ data: { occurredAt: '2026-11-26T17:00:00Z' } }) },
    { name: 'revoke: no numbers, no level filled', input: { recordType: 'accident', operation: 'revoke', sourceRecordId: 'SG-2026-007', subject: COMPANY, data: {} }, data: { level: undefined } },
  ],
  invalid: [
    { name: 'no sourceRecordId', input: accident({ sourceRecordId: undefined }), issues: [['/sourceRecordId', 'REQUIRED']] },
    { name: '一般 given for 3 deaths', input: accident({ data: { deaths: 3 } }), issues: [['/data/level', 'ACCIDENT_LEVEL_MISMATCH']] },
    { name: '较大 given for 1 death, 2 injuries and 186.5 万元', input: accident({ data: { level: '较大' } }), issues: [['/data/level', 'ACCIDENT_LEVEL_MISMATCH']] },
    { name: '重大 given for a loss of 1 亿元', input: accident({ data: { level: '重大', deaths: 0, seriousInjuries: 0, directLossWan: '10000' } }), issues: [['/data/level', 'ACCIDENT_LEVEL_MISMATCH']] },
    { name: 'unknown level', input: accident({ data: { level: '重大事故' } }), issues: [['/data/level', 'ENUM']] },
    { name: 'division outside its section (05 is 农林牧渔)', input: accident({ data: { industryCode: 'C05' } }), issues: [['/data/industryCode', 'INDUSTRY_CODE_INVALID']] },
    { name: 'no such section', input: accident({ data: { industryCode: 'Z01' } }), issues: [['/data/industryCode', 'INDUSTRY_CODE_INVALID']] },
    { name: 'one digit', input: accident({ data: { industryCode: 'C2' } }), issues: [['/data/industryCode', 'INDUSTRY_CODE_INVALID']] },
    { name: 'a bare division no section has', input: accident({ data: { industryCode: '98' } }), issues: [['/data/industryCode', 'INDUSTRY_CODE_INVALID']] },
    { name: 'negative deaths', input: accident({ data: { deaths: -1 } }), issues: [['/data/deaths', 'NUMBER_RANGE']] },
    { name: 'deaths with a fraction', input: accident({ data: { deaths: 1.5 } }), issues: [['/data/deaths', 'TYPE_MISMATCH']] },
    { name: 'serious injuries as text', input: accident({ data: { seriousInjuries: '2' } }), issues: [['/data/seriousInjuries', 'TYPE_MISMATCH']] },
    { name: 'loss as a number', input: accident({ data: { directLossWan: 186.5 } }), issues: [['/data/directLossWan', 'TYPE_MISMATCH']] },
    { name: 'loss with a thousands separator', input: accident({ data: { directLossWan: '1,000' } }), issues: [['/data/directLossWan', 'AMOUNT_FORMAT']] },
    { name: 'no loss', input: accident({ data: { directLossWan: undefined } }), issues: [['/data/directLossWan', 'REQUIRED']] },
    { name: 'no location', input: accident({ data: { location: undefined } }), issues: [['/data/location', 'REQUIRED']] },
    { name: 'occurred in the future', input: accident({ data: { occurredAt: '2026-12-01T08:00:00+08:00' } }), issues: [['/data/occurredAt', 'DATE_IN_FUTURE']] },
    { name: 'today where it was written, tomorrow in Beijing', input: accident({ data: { occurredAt: '2026-11-27T20:30:00-02:00' } }), issues: [['/data/occurredAt', 'DATE_IN_FUTURE']] },
    { name: 'occurred before 1949', input: accident({ data: { occurredAt: '1948-06-01T10:00:00+08:00' } }), issues: [['/data/occurredAt', 'DATE_TOO_EARLY']] },
    { name: 'a date without a time', input: accident({ data: { occurredAt: '2026-04-12' } }), issues: [['/data/occurredAt', 'DATE_FORMAT']] },
    { name: 'no such hour', input: accident({ data: { occurredAt: '2026-04-12T25:00:00+08:00' } }), issues: [['/data/occurredAt', 'DATE_FORMAT']] },
    { name: 'liability as text', input: accident({ data: { isLiability: '是' } }), issues: [['/data/isLiability', 'TYPE_MISMATCH']] },
  ],
};

// The three department formats end to end: each posted over HTTP in the department's own format
// (GBK CSV without a charset among them), stored, queued and delivered to the municipal simulator;
// dry runs and the validate CLI give the same answer; and a 5,000-record GBK CSV and a 5,000-record
// XML package are ingested, with records/s printed (no timing assertions).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGbk } from '../adapters/industry-csv/gbk.ts';
import { freshPostgres, startHarness, type Harness } from './helpers.ts';

const KEYS = { bureau: 'demo-bureau-key', industry: 'demo-industry-key', hr: 'demo-hr-key', park: 'demo-park-key' } as const;
const fixture = (adapter: string, file: string) => readFileSync(new URL(`../adapters/${adapter}/fixtures/${file}`, import.meta.url));
const types = (h: Harness) => new Set(h.sim.records().map((r) => r.recordType));

/** Routes the types only the new formats produce to the municipal platform (the example config routes 双公示 only). */
const routeAllToMunicipal = (raw: Record<string, any>) => {
  raw.routing.push({ recordTypes: ['safety-commitment', 'accident', 'credit-grade', 'wage-arrears'], targets: ['municipal'] });
};

describe('department formats end to end: POST → store → queue → municipal simulator (PostgreSQL)', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  let delivered = 0;
  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, { patch: routeAllToMunicipal });
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it('safety-bureau-json: penalties, licences, commitments, accidents and grades are delivered', async () => {
    const res = await h.post(fixture('safety-bureau-json', 'records.json'), { key: KEYS.bureau });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: 25, rejected: 0 });
    delivered += 25;
    await h.waitDelivered(delivered);
    expect(types(h)).toEqual(new Set(['administrative-penalty', 'administrative-license', 'safety-commitment', 'accident', 'credit-grade']));
    const accident = res.json.results[18];
    const rec = await h.get(`/v1/records/${accident.recordId}`, KEYS.bureau);
    expect(rec.json.record).toMatchObject({ recordType: 'accident', data: { occurredAt: '2024-05-18T14:30:00+08:00', level: '一般', directLossWan: '156' } });
    expect(rec.json.record.meta).toMatchObject({ departmentId: 'donghai-safety-bureau', adapter: 'safety-bureau-json' });
    expect(rec.json.deliveries).toEqual([expect.objectContaining({ target: 'municipal', state: 'delivered' })]);
  });

  it('industry-csv: GBK without a charset, GBK with charset=gbk and UTF-8 with a BOM are all delivered', async () => {
    const detected = await h.post(fixture('industry-csv', 'penalties-2016-gbk.csv'), { key: KEYS.industry, contentType: 'text/csv' });
    expect(detected.status).toBe(202);
    expect(detected.json).toMatchObject({ accepted: 5, rejected: 0 });
    const declared = await h.post(fixture('industry-csv', 'licences-2016-gbk.csv'), { key: KEYS.industry, contentType: 'text/csv; charset=gbk' });
    expect(declared.json).toMatchObject({ accepted: 6, rejected: 0 });
    const bom = await h.post(fixture('industry-csv', 'penalties-2021.csv'), { key: KEYS.industry, contentType: 'text/csv' });
    expect(bom.json).toMatchObject({ accepted: 12, rejected: 0 });
    expect(bom.json.results[0].sourceRef).toBe('第3行');
    delivered += 23;
    await h.waitDelivered(delivered);
    const held = h.sim.record(declared.json.results[1].recordId)!;
    expect(held).toMatchObject({ recordType: 'administrative-license', subject: { name: '灌南新奥燃气有限公司', orgCode: 'MA1T6K8DX', regNo: '320724000123455' } });
    // GBK declared as UTF-8 is refused, never read as mojibake.
    const wrong = await h.post(fixture('industry-csv', 'licences-2016-gbk.csv'), { key: KEYS.industry, contentType: 'text/csv; charset=utf-8' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.code).toBe('ENCODING_INVALID');
  });

  it('industry-csv: ?recordType= decides a header of shared fields and must agree with the header', async () => {
    const shared = '行政相对人名称,统一社会信用代码,法定代表人,行政许可决定书文号,许可类别,决定日期,有效期自,有效期至,许可机关,项目名称\n'
      + '灌南新奥燃气有限公司,91320724MA1T6K8DXM,吴海,灌南住建燃经字〔2024〕099号,特许,2024/5/20,2024/5/20,长期,灌南县住房和城乡建设局,燃气经营许可\n';
    const inferred = await h.post(shared, { key: KEYS.industry, contentType: 'text/csv', query: '?dryRun=true' });
    expect(inferred.status).toBe(200);
    expect(inferred.json.results[0].record.recordType).toBe('administrative-license');
    const mismatch = await h.post(fixture('industry-csv', 'penalties-2021.csv'), { key: KEYS.industry, contentType: 'text/csv', query: '?recordType=administrative-license' });
    expect(mismatch.status).toBe(422);
    expect(mismatch.json.error).toMatchObject({ code: 'PAYLOAD_SHAPE' });
    expect(mismatch.json.error.message).toContain('行政处罚字段');
    const bad = await h.post(shared, { key: KEYS.industry, contentType: 'text/csv', query: '?recordType=accident' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('QUERY_INVALID');
  });

  it('hr-arrears-json: wage arrears and unpaid social insurance are delivered', async () => {
    const res = await h.post(fixture('hr-arrears-json', 'records.json'), { key: KEYS.hr });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: 22, rejected: 0 });
    delivered += 22;
    await h.waitDelivered(delivered);
    const held = h.sim.record(res.json.results[3].recordId)!;
    expect(held).toMatchObject({ recordType: 'wage-arrears', data: { kind: 'SOCIAL_INSURANCE_ARREARS', amountYuan: '45328.6', insuranceTypes: ['基本养老保险', '基本医疗保险', '工伤保险'] } });
  });

  it("errors name the department's own field beside the canonical path, in Chinese and in English", async () => {
    const zh = await h.post(fixture('safety-bureau-json', 'mixed.json'), { key: KEYS.bureau });
    expect(zh.status).toBe(202);
    expect(zh.json).toMatchObject({ accepted: 0, rejected: 19 });
    expect(zh.json.results[0].errors).toEqual([
      { path: '/subject/uscc', code: 'EXCEL_DAMAGED', sourceField: '统一社会信用代码', message: '字段 统一社会信用代码 的值“9.13207E+17”已被 Excel 改写为科学计数法或丢失位数，请以文本格式导出' },
    ]);
    expect(zh.json.results[3].errors[0]).toMatchObject({ code: 'AMOUNT_FORMAT', sourceField: '罚款金额' });
    expect(zh.json.results[3].errors[0].message).toContain('“2000.005”');
    // A field the bureau left out is named by its key too.
    expect(zh.json.results[14].errors).toEqual([expect.objectContaining({ path: '/data/validFrom', code: 'REQUIRED', sourceField: '有效期自', message: '缺少必填字段 有效期自' })]);
    const en = await h.post(fixture('hr-arrears-json', 'mixed.json'), { key: KEYS.hr, headers: { 'accept-language': 'en' } });
    expect(en.json.results[1].errors[0]).toMatchObject({ code: 'AMOUNT_YUAN_FORMAT', sourceField: '拖欠金额（元）' });
    expect(en.json.results[1].errors[0].message).toMatch(/^Field 拖欠金额（元） amount "0.001" is malformed/);
    const csv = await h.post(fixture('industry-csv', 'mixed.csv'), { key: KEYS.industry, contentType: 'text/csv' });
    expect(csv.json.results[2]).toMatchObject({ sourceRef: '第5行', errors: expect.arrayContaining([expect.objectContaining({ code: 'FORMAT', sourceField: '第17列（表头之外）' })]) });
    expect(csv.json.accepted).toBe(1);
    delivered += 1;
    await h.waitDelivered(delivered);
  });

  it('dryRun shows the normalised records of each format and stores nothing', async () => {
    const before = await h.gateway.db.query<{ n: number }>('SELECT count(*)::int AS n FROM records');
    const cases = [
      { key: KEYS.bureau, body: fixture('safety-bureau-json', 'records.json'), contentType: 'application/json', n: 25 },
      { key: KEYS.industry, body: fixture('industry-csv', 'penalties-2016-gbk.csv'), contentType: 'text/csv', n: 5 },
      { key: KEYS.hr, body: fixture('hr-arrears-json', 'records.json'), contentType: 'application/json', n: 22 },
    ];
    for (const c of cases) {
      const res = await h.post(c.body, { key: c.key, contentType: c.contentType, query: '?dryRun=true' });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ submissionId: null, dryRun: true, accepted: c.n, rejected: 0 });
      expect(res.json.results.every((r: { record?: unknown }) => r.record !== undefined)).toBe(true);
    }
    const dry = await h.post(fixture('industry-csv', 'penalties-2016-gbk.csv'), { key: KEYS.industry, contentType: 'text/csv', query: '?dryRun=true' });
    // The natural person's ID number is masked in what the dry run shows.
    expect(dry.json.results[2].record.subject).toMatchObject({ name: '郑建军', category: 'NATURAL_PERSON', idNo: expect.stringMatching(/^320724\*+4934$/) });
    const after = await h.gateway.db.query<{ n: number }>('SELECT count(*)::int AS n FROM records');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('npm run validate answers what the HTTP dry run answers', async () => {
    const file = new URL('../adapters/industry-csv/fixtures/mixed.csv', import.meta.url).pathname;
    const cli = await promisify(execFile)('npx', ['tsx', 'scripts/validate.ts', '--adapter', 'industry-csv', '--json', file], { cwd: new URL('..', import.meta.url).pathname }).catch(
      (e: { code: number; stdout: string }) => ({ ...e, exitCode: e.code }),
    );
    expect((cli as { exitCode?: number }).exitCode).toBe(1);
    const http = await h.post(readFileSync(file), { key: KEYS.industry, contentType: 'text/csv', query: '?dryRun=true' });
    expect(JSON.parse(cli.stdout)).toEqual(http.json);
  });
});

// ---- throughput ------------------------------------------------------------------------------------

const N = 5000;
const DECIDED = '2025/3/12';

/** N penalty rows in the industry department's 2021 template, GBK-encoded (what its Excel saves). */
function gbkCsv(n: number): Uint8Array {
  const head = '行政相对人名称,统一社会信用代码,法定代表人,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,罚款金额（万元）,处罚决定日期,处罚有效期,处罚机关';
  const subjects = [['江苏顺泰建设工程有限公司', '91320724MACXD074LK', '张国栋'], ['连云港中盛建筑安装工程有限公司', '91320724MA1PHY3R7E', '李明'], ['江苏鼎盛市政建设有限公司', '91320724MAGTKM0HDT', '王强']];
  const rows = Array.from({ length: n }, (_, i) => {
    const [name, uscc, rep] = subjects[i % subjects.length]!;
    return `${name},${uscc},${rep},灌南住建罚决〔2025〕${10000 + i}号,未对施工现场脚手架组织验收即投入使用,"第${i}次检查：脚手架搭设完毕后未经验收即投入使用，整改不到位。",《建设工程安全生产管理条例》第六十五条第（四）项,罚款,罚款人民币伍仟元,0.5,${DECIDED},2028/3/11,灌南县住房和城乡建设局`;
  });
  return encodeGbk(`${head}\r\n${rows.join('\r\n')}\r\n`);
}

/** A park package of N XZCF elements (2021 field codes). */
function xmlPackage(n: number): string {
  const items = Array.from({ length: n }, (_, i) => `<XZCF><CF_XDR_MC>江苏瑞丰精细化工（灌云）有限公司</CF_XDR_MC><CF_XDR_LB>法人及非法人组织</CF_XDR_LB><CF_XDR_SHXYM>91320723MA1MXK3H1D</CF_XDR_SHXYM><CF_FRDB>李建国</CF_FRDB><CF_WSH>灌化园罚〔2025〕${10000 + i}号</CF_WSH><CF_WFXW>未按照规定对重大危险源进行安全评估</CF_WFXW><CF_SY>第${i}次检查发现重大危险源未按规定开展安全评估。</CF_SY><CF_YJ>《中华人民共和国安全生产法》第九十九条第（五）项</CF_YJ><CF_CFLB>罚款</CF_CFLB><CF_NR>罚款人民币壹万贰仟元整</CF_NR><CF_NR_FK>1.2</CF_NR_FK><CF_JDRQ>2025-03-12</CF_JDRQ><CF_YXQ>2028-03-11</CF_YXQ><CF_CFJG>灌云县化工园区管理委员会</CF_CFJG><CF_CFJGDM>11320723MB7654321G</CF_CFJGDM><DFBM>320723</DFBM></XZCF>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<DataPackage><Header><SenderCode>11320723MB7654321G</SenderCode><PackageId>LOAD-${n}</PackageId></Header><Body>\n${items.join('\n')}\n</Body></DataPackage>\n`;
}

describe(`throughput: ${N.toLocaleString('en-US')}-record GBK CSV and XML package through HTTP (PostgreSQL)`, () => {
  let h: Harness;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    // Ingest only: nothing routed, so delivery does not share the machine with the measurement.
    h = await startHarness(pg.db, { patch: (raw) => void (raw.routing = []) });
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it.each([
    ['industry-csv (GBK, no charset)', () => gbkCsv(N), KEYS.industry, 'text/csv'],
    ['park-xml', () => xmlPackage(N), KEYS.park, 'application/xml'],
  ] as const)('%s', async (label, make, key, contentType) => {
    const body = make();
    const t0 = performance.now();
    const res = await h.post(body, { key, contentType });
    const ms = performance.now() - t0;
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: N, rejected: 0 });
    const mb = (typeof body === 'string' ? Buffer.byteLength(body) : body.length) / 1048576;
    console.log(`[throughput] ${label}: ${N} records (${mb.toFixed(1)} MiB) ingested over HTTP in ${Math.round(ms)} ms → ${Math.round((N / ms) * 1000).toLocaleString('en-US')} records/s`);
  });
});

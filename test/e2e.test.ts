import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, startHarness, type Harness } from './helpers.ts';
import { body, licence, penalty } from './records.ts';

describe('end to end: POST → store → queue → municipal simulator (PostgreSQL)', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db);
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it('accepts valid records beside invalid ones and delivers exactly the valid ones', async () => {
    const records = [penalty(0), licence(1), penalty(2, { subject: { uscc: '91320723MA1QP4A8KX' } }), penalty(3)];
    const res = await h.post(body(records));
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: 3, rejected: 1, unchanged: 0 });
    expect(res.json.results[2]).toMatchObject({ index: 2, status: 'rejected', errors: [{ path: '/subject/uscc', code: 'USCC_CHECKSUM' }] });
    expect(res.json.results[2].errors[0].message).toContain('校验位');

    await h.waitDelivered(3);
    const held = h.sim.records();
    expect(held.map((r) => r.recordId).sort()).toEqual([0, 1, 3].map((i) => res.json.results[i].recordId).sort());
    const rec = await h.get(`/v1/records/${res.json.results[0].recordId}`);
    expect(rec.status).toBe(200);
    expect(rec.json.deliveries).toEqual([expect.objectContaining({ target: 'municipal', state: 'delivered', versionNo: 1 })]);
    expect(rec.json.deliveries[0].receiptId).toMatch(/^MR\d+/);
    expect(rec.json.attempts[0]).toMatchObject({ target: 'municipal', outcome: 'ok', httpStatus: 200 });
    expect(rec.json.record.meta).toMatchObject({ departmentId: 'county-safety-bureau', adapter: 'canonical-json' });
  });

  it('answers unchanged for the same content, and delivers a changed record as version 2 in order', async () => {
    const again = await h.post(body([penalty(0)]));
    expect(again.json).toMatchObject({ accepted: 0, unchanged: 1 });
    expect(again.json.results[0].versionNo).toBe(1);

    const changed = await h.post(body([penalty(0, { data: { fineAmountWan: '3', penaltyContent: '罚款人民币3万元' } })]));
    expect(changed.json.results[0]).toMatchObject({ status: 'accepted', versionNo: 2 });
    const id = changed.json.results[0].recordId;
    await h.waitDelivered(4);
    const held = h.sim.record(id)!;
    expect(held.versionNo).toBe(2);
    expect(held.history.map((x) => x.versionNo)).toEqual([1, 2]);
    const rec = await h.get(`/v1/records/${id}`);
    expect(rec.json.versions.map((v: { versionNo: number }) => v.versionNo)).toEqual([1, 2]);
  });

  it('a revoke travels as a new version', async () => {
    const p = penalty(3);
    const res = await h.post(body([{ ...p, operation: 'revoke' }]));
    expect(res.json.results[0]).toMatchObject({ status: 'accepted', versionNo: 2 });
    await h.waitDelivered(5);
    expect(h.sim.record(res.json.results[0].recordId)!.operation).toBe('revoke');
  });

  it('a record the platform rejects shows the platform reason and is not retried', async () => {
    // The pilot code passes the gateway (exception list) but not the platform.
    const res = await h.post(body([penalty(5, { subject: { uscc: '91350211M0000XUF46' }, data: { decisionNo: '灌应急罚〔2026〕99号' } })]));
    expect(res.json.results[0].status).toBe('accepted');
    expect(res.json.results[0].warnings[0].code).toBe('USCC_CHECKSUM');
    await h.waitDelivered(6);
    const rec = await h.get(`/v1/records/${res.json.results[0].recordId}`);
    expect(rec.json.deliveries[0]).toMatchObject({ state: 'rejected', lastErrorCode: 'PLATFORM_REJECTED', attempts: 1 });
    expect(rec.json.deliveries[0].lastError).toContain('校验位');
  });

  it('Idempotency-Key: same body → same answer, nothing stored twice; other body → 409', async () => {
    const b = body([penalty(7, { data: { decisionNo: '灌应急罚〔2026〕77号' } })]);
    const first = await h.post(b, { headers: { 'idempotency-key': 'batch-77' } });
    const second = await h.post(b, { headers: { 'idempotency-key': 'batch-77' } });
    expect(second.status).toBe(202);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const n = await h.gateway.db.query<{ n: number }>('SELECT count(*)::int AS n FROM submissions WHERE idempotency_key = $1', ['batch-77']);
    expect(n.rows[0]!.n).toBe(1);
    const other = await h.post(body([penalty(8)]), { headers: { 'idempotency-key': 'batch-77' } });
    expect(other.status).toBe(409);
    expect(other.json.error.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('dryRun validates and normalises without storing', async () => {
    const before = await h.gateway.db.query<{ n: number }>('SELECT count(*)::int AS n FROM records');
    const res = await h.post(body([penalty(9, { data: { penaltyCategories: ['罚款；责令停产'] } }), penalty(10, { data: { decisionDate: 'yesterday' } })]), { query: '?dryRun=true' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ submissionId: null, dryRun: true, accepted: 1, rejected: 1 });
    expect(res.json.results[0].record.data.penaltyCategories).toEqual(['罚款', '责令停产停业']);
    expect(res.json.results[1].errors[0].code).toBe('DATE_FORMAT');
    const after = await h.gateway.db.query<{ n: number }>('SELECT count(*)::int AS n FROM records');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('GET submission, records search, subject archive and English messages', async () => {
    const res = await h.post(body([penalty(11, { data: { decisionNo: '灌应急罚〔2026〕111号' } }), { recordType: 'administrative-penalty' }]), { headers: { 'accept-language': 'en' } });
    expect(res.json.results[1].errors[0].message).toMatch(/Required field/);
    const sub = await h.get(`/v1/submissions/${res.json.submissionId}`);
    expect(sub.status).toBe(200);
    expect(sub.json).toMatchObject({ accepted: 1, rejected: 1, departmentId: 'county-safety-bureau' });
    const list = await h.get('/v1/records?type=administrative-license&limit=10');
    expect(list.json.items.length).toBe(1);
    const page1 = await h.get('/v1/records?limit=2');
    expect(page1.json.items.length).toBe(2);
    const page2 = await h.get(`/v1/records?limit=2&cursor=${page1.json.nextCursor}`);
    expect(page2.json.items[0].recordId).not.toBe(page1.json.items[1].recordId);
    const archive = await h.get('/v1/subjects/91320723MA1XYW1236');
    expect(archive.status).toBe(200);
    expect(archive.json.records['administrative-penalty'].length).toBeGreaterThan(0);
    const none = await h.get('/v1/subjects/91110000600037341L');
    expect(none.status).toBe(404);
  });

  it('health, readiness, metrics, schemas, errors, openapi', async () => {
    const base = h.gateway.url!;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await (await fetch(`${base}/readyz`)).json();
    expect(ready).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/cgw_records_total\{department="county-safety-bureau",result="accepted"\} \d+/);
    expect(metrics).toMatch(/cgw_push_records_total\{target="municipal",outcome="ok"\}/);
    const schemas = (await (await fetch(`${base}/v1/schemas`)).json()) as any;
    expect(schemas.recordTypes.map((t: { recordType: string }) => t.recordType)).toContain('administrative-penalty');
    expect((await fetch(`${base}/v1/schemas/administrative-license`)).status).toBe(200);
    const errors = (await (await fetch(`${base}/v1/errors`)).json()) as any;
    expect(errors.errors.find((e: { code: string }) => e.code === 'USCC_CHECKSUM')).toBeTruthy();
    const oa = (await (await fetch(`${base}/openapi.json`)).json()) as any;
    expect(oa.paths['/v1/submissions'].post).toBeTruthy();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, startHarness, type Harness } from './helpers.ts';
import { body, penalty } from './records.ts';

const TOKENS = { viewer: 'demo-viewer-token', operator: 'demo-operator-token', admin: 'demo-admin-token' };

describe('operator actions: list, retry, bulk retry, discard, pause; audited and hash-chained', () => {
  let h: Harness;
  let drop: () => Promise<void>;
  const call = async (method: string, path: string, token: string, json?: unknown) => {
    const res = await fetch(`${h.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: json === undefined ? undefined : JSON.stringify(json) });
    return { status: res.status, json: (await res.json()) as any };
  };

  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, { sim: { errorRate: 1 }, patch: (r) => (r.targets[0].retry = { attempts: 2, baseMs: 50, capMs: 50, jitter: 0 }) });
    await h.post(body(Array.from({ length: 6 }, (_, i) => penalty(i, { data: { decisionNo: `灌应急罚〔2026〕OP${i}号` } }))));
    await h.waitDelivered(6, 20_000);
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it('lists failed deliveries with filters and search by 文书号 and USCC', async () => {
    const all = await call('GET', '/v1/deliveries?state=failed&target=municipal', TOKENS.viewer);
    expect(all.status).toBe(200);
    expect(all.json.items).toHaveLength(6);
    expect(all.json.items[0]).toMatchObject({ state: 'failed', lastErrorCode: 'RETRIES_EXHAUSTED', recordType: 'administrative-penalty', departmentId: 'county-safety-bureau' });
    const byDoc = await call('GET', `/v1/deliveries?q=${encodeURIComponent('灌应急罚〔2026〕OP2号')}`, TOKENS.viewer);
    expect(byDoc.json.items).toHaveLength(1);
    const byUscc = await call('GET', '/v1/deliveries?q=91320723MA1XYW1236', TOKENS.viewer);
    expect(byUscc.json.items.length).toBeGreaterThan(0);
    const page = await call('GET', '/v1/deliveries?limit=4', TOKENS.viewer);
    const next = await call('GET', `/v1/deliveries?limit=4&before=${page.json.nextBefore}`, TOKENS.viewer);
    expect(next.json.items).toHaveLength(2);
  });

  it('a viewer cannot retry; a missing or wrong token is refused', async () => {
    const id = (await call('GET', '/v1/deliveries?state=failed', TOKENS.viewer)).json.items[0].id;
    expect((await call('POST', `/v1/deliveries/${id}/retry`, TOKENS.viewer, {})).json.error.code).toBe('FORBIDDEN_ROLE');
    expect((await call('POST', `/v1/deliveries/${id}/retry`, 'nope', {})).json.error.code).toBe('AUTH_INVALID');
    // A department key is not an operator token.
    expect((await call('GET', '/v1/deliveries', 'demo-canonical-key')).status).toBe(401);
  });

  it('retry one after the fault is cleared: delivered, and the audit names who and why', async () => {
    h.sim.setFaults({ errorRate: 0 });
    const id = (await call('GET', '/v1/deliveries?state=failed', TOKENS.viewer)).json.items[0].id;
    const res = await call('POST', `/v1/deliveries/${id}/retry`, TOKENS.operator, { reason: '平台故障已恢复' });
    expect(res).toEqual({ status: 200, json: { retried: 1 } });
    await h.waitDelivered(6);
    const t0 = Date.now();
    while ((await h.gateway.db.query<{ state: string }>('SELECT state FROM deliveries WHERE id = $1', [id])).rows[0]!.state !== 'delivered') {
      if (Date.now() - t0 > 10_000) throw new Error('retried delivery not delivered');
      await new Promise((r) => setTimeout(r, 50));
    }
    const again = await call('POST', `/v1/deliveries/${id}/retry`, TOKENS.operator, {});
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('DELIVERY_NOT_RETRYABLE');
    const audit = await call('GET', '/v1/audit?action=delivery.retry', TOKENS.admin);
    expect(audit.json.entries[0]).toMatchObject({ actor: 'ops-operator', role: 'operator', action: 'delivery.retry', subject: `delivery:${id}`, reason: '平台故障已恢复' });
  });

  it('discard needs a reason and is final for that delivery', async () => {
    const id = (await call('GET', '/v1/deliveries?state=failed', TOKENS.viewer)).json.items[0].id;
    expect((await call('POST', `/v1/deliveries/${id}/discard`, TOKENS.operator, {})).json.error.code).toBe('REASON_REQUIRED');
    const ok = await call('POST', `/v1/deliveries/${id}/discard`, TOKENS.operator, { reason: '重复数据，部门已撤回' });
    expect(ok.json).toEqual({ discarded: 1 });
    const rec = await h.gateway.db.query<{ state: string; last_error: string }>('SELECT state, last_error FROM deliveries WHERE id = $1', [id]);
    expect(rec.rows[0]).toEqual({ state: 'discarded', last_error: '重复数据，部门已撤回' });
  });

  it('bulk retry by filter needs a reason and a narrowing filter; retries every failed one', async () => {
    expect((await call('POST', '/v1/deliveries/retry', TOKENS.operator, { filter: { state: 'failed' } })).json.error.code).toBe('REASON_REQUIRED');
    expect((await call('POST', '/v1/deliveries/retry', TOKENS.operator, { reason: 'x', filter: {} })).json.error.code).toBe('QUERY_INVALID');
    const res = await call('POST', '/v1/deliveries/retry', TOKENS.operator, { reason: '批量重推', filter: { state: 'failed', target: 'municipal' } });
    expect(res.json.retried).toBe(4);
    const t0 = Date.now();
    for (;;) {
      const n = (await h.gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state = 'delivered'`)).rows[0]!.n;
      if (n === 5) break;
      if (Date.now() - t0 > 10_000) throw new Error(`only ${n} delivered`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(h.sim.records()).toHaveLength(5);
  });

  it('pause and resume a target; target overview shows counts, circuit and queue', async () => {
    expect((await call('POST', '/v1/targets/municipal/pause', TOKENS.operator, {})).json.error.code).toBe('REASON_REQUIRED');
    const paused = await call('POST', '/v1/targets/municipal/pause', TOKENS.operator, { reason: '平台维护' });
    expect(paused.json.paused).toBe(true);
    const overview = await call('GET', '/v1/targets', TOKENS.viewer);
    expect(overview.json.targets[0]).toMatchObject({ id: 'municipal', paused: true, deliveries: { delivered: 5, discarded: 1 }, circuit: { state: 'closed' } });
    expect((await call('POST', '/v1/targets/municipal/resume', TOKENS.operator, {})).json.paused).toBe(false);
    expect((await call('POST', '/v1/targets/nowhere/pause', TOKENS.operator, { reason: 'x' })).status).toBe(404);
  });

  it('the audit log is append-only and its hash chain shows tampering', async () => {
    expect((await call('GET', '/v1/audit', TOKENS.operator)).json.error.code).toBe('FORBIDDEN_ROLE');
    const v = await call('GET', '/v1/audit/verify', TOKENS.admin);
    expect(v.json).toMatchObject({ ok: true, firstBadSeq: null });
    expect(v.json.entries).toBeGreaterThanOrEqual(5);
    await expect(h.gateway.db.query(`UPDATE audit_log SET reason = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(h.gateway.db.query('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/append-only/);
    // Someone with superuser rights bypasses the trigger: the chain still tells.
    await h.gateway.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await h.gateway.db.query(`UPDATE audit_log SET reason = '改过的原因' WHERE seq = 2`);
    await h.gateway.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    const bad = await call('GET', '/v1/audit/verify', TOKENS.admin);
    expect(bad.json).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'entry content altered' });
  });
});

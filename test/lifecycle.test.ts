import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLifecycle, type LifecycleDeps } from '../src/lifecycle/index.ts';
import { silentLogger } from '../src/util/logger.ts';
import { freshPostgres, startHarness, type Harness } from './helpers.ts';
import { body, COMPANIES, penalty } from './records.ts';

/**
 * A clock-controlled walk through a penalty's legal life: publication, minimum period, objection
 * (flag and clear on the platform), automatic withdrawal at the maximum; and a granted repair that
 * withdraws early but never before the minimum.
 */
// Also with every body analysed in an ingest thread, whose answer carries each record as JSON bytes
// and columns (src/ingest/thread-answer.ts): held withdrawals and dry runs must come out the same.
describe.each<{ where: string; env: Record<string, string> }>([
  { where: 'in the API thread', env: {} },
  { where: 'in an ingest thread', env: { INGEST_THREAD_MIN_BYTES: '0' } },
])('lifecycle with a controlled clock, bodies analysed $where', ({ env }) => {
  let h: Harness;
  let drop: () => Promise<void>;
  let clock = '2024-03-20';
  let deps: LifecycleDeps;
  let penaltyId: string;
  const run = (date: string) => runLifecycle(deps, date);
  async function settled(): Promise<void> {
    const t0 = Date.now();
    while ((await h.gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state IN ('pending', 'in_flight')`)).rows[0]!.n > 0) {
      if (Date.now() - t0 > 20_000) throw new Error('deliveries did not settle');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const lifecycle = async (id: string) => (await h.get(`/v1/records/${id}`)).json.lifecycle;
  const objection = (status: string, extra: Record<string, unknown> = {}) => ({
    recordType: 'objection',
    sourceRecordId: 'YY-2025-0001',
    subject: { name: COMPANIES[0]!.name, category: 'LEGAL_ORG', uscc: COMPANIES[0]!.uscc, legalRep: { name: COMPANIES[0]!.rep } },
    data: { targetRecordId: penaltyId, applicant: COMPANIES[0]!.name, reason: '处罚所依据的检查记录有误', receivedAt: '2025-02-01', status, authorityName: '灌云县应急管理局', authorityUscc: '11320723MB1234567K', ...extra },
  });

  beforeAll(async () => {
    const pg = await freshPostgres();
    drop = pg.drop;
    h = await startHarness(pg.db, {
      env,
      gateway: { today: () => clock },
      patch: (r) => {
        r.departments[0].recordTypes.push('objection', 'repair-request');
        r.schedules = { nightly: null };
        r.lifecycle = { schedule: null };
      },
    });
    deps = { db: h.gateway.db, config: h.settings.config, enqueue: (jobs) => h.gateway.queues.enqueue(jobs), logger: silentLogger };
  });
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it('publication: a work-safety penalty is published for at least 1 and at most 3 years', async () => {
    const res = await h.post(body([penalty(0, { data: { decisionDate: '2024-03-15', penaltyValidUntil: '2025-03-15' } })]));
    penaltyId = res.json.results[0].recordId;
    await settled();
    expect(await lifecycle(penaltyId)).toMatchObject({ state: 'active', rule: 'ndrc-58-safety', publicityMinEnd: '2025-03-15', publicityEnd: '2027-03-15', reportDelayWorkingDays: 3, reportedLate: false });
    expect(await run('2025-01-01')).toMatchObject({ withdrawn: 0, objectionsFlagged: 0 });
    expect(h.sim.record(penaltyId)!.operation).toBe('upsert');
  });

  it('an objection flags the penalty 异议 on the platform while pending, and clears it when resolved', async () => {
    clock = '2025-02-01';
    expect((await h.post(body([objection('SUBMITTED')]))).json.accepted).toBe(1);
    expect(await run('2025-02-01')).toMatchObject({ objectionsFlagged: 1 });
    await settled();
    expect((h.sim.record(penaltyId)!.data as { status: string }).status).toBe('OBJECTION');
    expect((await lifecycle(penaltyId)).objectionPending).toBe(true);
    expect(await run('2025-02-02')).toMatchObject({ objectionsFlagged: 0, objectionsCleared: 0 });

    clock = '2025-03-01';
    expect((await h.post(body([objection('UPHELD', { outcome: '经核实，原处罚信息无误，予以维持', decidedAt: '2025-03-01' })]))).json.accepted).toBe(1);
    expect(await run('2025-03-01')).toMatchObject({ objectionsCleared: 1 });
    await settled();
    expect((h.sim.record(penaltyId)!.data as { status: string }).status).toBe('NORMAL');
    expect((await lifecycle(penaltyId)).objectionPending).toBe(false);
    expect(h.sim.record(penaltyId)!.history.map((x) => x.versionNo)).toEqual([1, 2, 3]);
  });

  it('withdrawn automatically the day after the maximum period, with the reason recorded', async () => {
    expect(await run('2027-03-15')).toMatchObject({ withdrawn: 0 });
    expect(await run('2027-03-16')).toMatchObject({ withdrawn: 1 });
    await settled();
    expect(h.sim.record(penaltyId)!.operation).toBe('revoke');
    // The period it ended stays on the record.
    expect(await lifecycle(penaltyId)).toMatchObject({ state: 'withdrawn', withdrawnReason: 'PUBLICITY_PERIOD_ENDED', rule: 'ndrc-58-safety', publicityMinEnd: '2025-03-15', publicityEnd: '2027-03-15' });
    const rec = (await h.get(`/v1/records/${penaltyId}`)).json;
    expect(rec.versions.at(-1)).toMatchObject({ versionNo: 4, operation: 'revoke' });
    expect(await run('2027-03-17')).toMatchObject({ withdrawn: 0 });
  });

  it('a granted repair withdraws early, but not before the minimum period has passed', async () => {
    clock = '2024-09-02';
    const p = await h.post(body([penalty(1, { data: { decisionDate: '2024-03-15', penaltyValidUntil: '2025-03-15', decisionNo: '灌应急罚〔2024〕R1号' } })]));
    const id = p.json.results[0].recordId;
    const repair = {
      recordType: 'repair-request',
      sourceRecordId: 'XF-2024-0001',
      subject: { name: COMPANIES[1]!.name, category: 'LEGAL_ORG', uscc: COMPANIES[1]!.uscc, legalRep: { name: COMPANIES[1]!.rep } },
      data: { targetRecordId: id, kind: 'TERMINATE_PUBLICITY', appliedAt: '2024-08-20', commitmentSigned: true, decision: 'GRANTED', decidedAt: '2024-09-01', authorityName: '灌云县应急管理局', authorityUscc: '11320723MB1234567K' },
    };
    const r = await h.post(body([repair]));
    expect(r.json.results[0].errors).toBeUndefined();
    expect(await run('2024-09-02')).toMatchObject({ repairsDeferred: 1, withdrawn: 0 });
    expect((await lifecycle(id)).publicityEnd).toBe('2025-03-14');
    expect(await run('2025-03-14')).toMatchObject({ withdrawn: 0 });
    expect(await run('2025-03-15')).toMatchObject({ withdrawn: 1 });
    await settled();
    expect(await lifecycle(id)).toMatchObject({ state: 'withdrawn', withdrawnReason: 'REPAIR_GRANTED', rule: 'ndrc-58-safety + repair', publicityEnd: '2025-03-14' });
    expect(h.sim.record(id)!.operation).toBe('revoke');
  });

  it('a late report is flagged and counted per department', async () => {
    clock = '2025-06-30';
    await h.post(body([penalty(2, { data: { decisionDate: '2025-06-02', penaltyValidUntil: '2026-06-02', decisionNo: '灌应急罚〔2025〕L1号' } })]));
    // Late: this one (20 working days) and the repair test's penalty (decided 2024-03-15, received 2024-09-02).
    const late = await h.gateway.db.query<{ department_id: string; n: number }>('SELECT department_id, count(*)::int AS n FROM records WHERE reported_late GROUP BY department_id');
    expect(late.rows).toEqual([{ department_id: 'county-safety-bureau', n: 2 }]);
    const l1 = await h.gateway.db.query<{ d: number }>(`SELECT report_delay_days AS d FROM records WHERE doc_no = '灌应急罚〔2025〕L1号'`);
    expect(l1.rows[0]!.d).toBe(20);
  });

  it('the department sending the withdrawn penalty again does not put it back up: kept, sent as withdrawn again', async () => {
    clock = '2027-03-20';
    const res = await h.post(body([penalty(0, { data: { decisionDate: '2024-03-15', penaltyValidUntil: '2025-03-15' } })]));
    expect(res.status).toBe(202);
    expect(res.json.results[0]).toMatchObject({ status: 'accepted', recordId: penaltyId, warnings: [expect.objectContaining({ code: 'ENDED_ON_ARRIVAL', path: '/operation' })] });
    await settled();
    expect(h.sim.record(penaltyId)!.operation).toBe('revoke');
    expect(h.sim.record(penaltyId)!.history.slice(3).map((x) => x.operation)).toEqual(['revoke', 'revoke']);
    expect(await lifecycle(penaltyId)).toMatchObject({ state: 'withdrawn', withdrawnReason: 'PUBLICITY_PERIOD_ENDED' });
    // The same content once more: the same (withdrawn) version, nothing new to send.
    const again = await h.post(body([penalty(0, { data: { decisionDate: '2024-03-15', penaltyValidUntil: '2025-03-15' } })]));
    expect(again.json).toMatchObject({ accepted: 0, unchanged: 1 });
    expect(await run('2027-03-21')).toMatchObject({ withdrawn: 0 });
  });

  it('a penalty whose publicity ended before it arrived is kept and sent withdrawn, never published', async () => {
    clock = '2025-06-30';
    const old = penalty(3, { data: { decisionDate: '2020-03-02', penaltyValidUntil: '2021-03-02', decisionNo: '灌应急罚〔2020〕O1号' } });
    const res = await h.post(body([old]));
    const r = res.json.results[0];
    expect(r).toMatchObject({ status: 'accepted', versionNo: 1 });
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'ENDED_ON_ARRIVAL', path: '/operation', message: expect.stringContaining('2021-03-02') })]);
    await settled();
    expect(h.sim.record(r.recordId)!.history.map((x) => x.operation)).toEqual(['revoke']);
    expect(await lifecycle(r.recordId)).toMatchObject({ state: 'withdrawn', withdrawnReason: 'PUBLICITY_PERIOD_ENDED', rule: 'ndrc-2019-527-general', publicityEnd: '2021-03-02' });
    const stored = (await h.get(`/v1/records/${r.recordId}`)).json;
    expect(stored.versions.map((v: { operation: string }) => v.operation)).toEqual(['revoke']);
    expect((await h.post(body([old]))).json).toMatchObject({ accepted: 0, unchanged: 1 });
    // A dry run says the same before anything is stored.
    const dry = await h.post(body([penalty(4, { data: { decisionDate: '2020-03-02', penaltyValidUntil: '2021-03-02', decisionNo: '灌应急罚〔2020〕O2号' } })]), { query: '?dryRun=true' });
    expect(dry.json.results[0]).toMatchObject({ status: 'accepted', record: { operation: 'revoke' }, warnings: [expect.objectContaining({ code: 'ENDED_ON_ARRIVAL' })] });
  });

  it('a record a granted repair took down stays down when its department sends it again, corrected or not', async () => {
    clock = '2025-07-01';
    const id = (await h.gateway.db.query<{ id: string }>(`SELECT id FROM records WHERE doc_no = '灌应急罚〔2024〕R1号'`)).rows[0]!.id;
    const original = penalty(1, { data: { decisionDate: '2024-03-15', penaltyValidUntil: '2025-03-15', decisionNo: '灌应急罚〔2024〕R1号' } });
    const same = await h.post(body([original]));
    expect(same.json.results[0]).toMatchObject({ status: 'unchanged', recordId: id, warnings: [expect.objectContaining({ code: 'HELD_WITHDRAWN' })] });
    const corrected = await h.post(body([penalty(1, { data: { decisionDate: '2024-03-15', penaltyValidUntil: '2025-03-15', decisionNo: '灌应急罚〔2024〕R1号', penaltyContent: '罚款人民币2万元（更正）' } })]));
    expect(corrected.json.results[0]).toMatchObject({ status: 'accepted', recordId: id, warnings: [expect.objectContaining({ code: 'HELD_WITHDRAWN', path: '/operation' })] });
    await settled();
    expect(h.sim.record(id)!.operation).toBe('revoke');
    expect(h.sim.record(id)!.history.at(-1)).toMatchObject({ operation: 'revoke' });
    expect(await lifecycle(id)).toMatchObject({ state: 'withdrawn', withdrawnReason: 'REPAIR_GRANTED', rule: 'ndrc-58-safety + repair', publicityEnd: '2025-03-14' });
    const versions = (await h.get(`/v1/records/${id}`)).json.versions.map((v: { operation: string }) => v.operation);
    expect(versions.slice(-2)).toEqual(['revoke', 'revoke']);
    expect(await run('2025-07-02')).toMatchObject({ withdrawn: 0, repairsApplied: 0 });

    // The department's own revoke does not replace the reason, so a later upsert is still held.
    const data = { decisionDate: '2024-03-15', penaltyValidUntil: '2025-03-15', decisionNo: '灌应急罚〔2024〕R1号' };
    const revoked = await h.post(body([penalty(1, { operation: 'revoke', data: { ...data, penaltyContent: '罚款人民币2万元（撤销）' } })]));
    expect(revoked.json.results[0]).toMatchObject({ status: 'accepted', warnings: [expect.objectContaining({ code: 'HELD_WITHDRAWN' })] });
    expect(await lifecycle(id)).toMatchObject({ state: 'withdrawn', withdrawnReason: 'REPAIR_GRANTED' });
    const again = await h.post(body([penalty(1, { data: { ...data, penaltyContent: '罚款人民币2万元（再次更正）' } })]));
    expect(again.json.results[0]).toMatchObject({ status: 'accepted', warnings: [expect.objectContaining({ code: 'HELD_WITHDRAWN' })] });
    // And sent after its publicity would have ended anyway: still the repair's withdrawal.
    clock = '2027-04-01';
    const late = await h.post(body([penalty(1, { data: { ...data, penaltyContent: '罚款人民币2万元（第三次更正）' } })]));
    expect(late.json.results[0].warnings.map((w: { code: string }) => w.code)).toEqual(['ENDED_ON_ARRIVAL', 'HELD_WITHDRAWN']);
    await settled();
    expect(h.sim.record(id)!.operation).toBe('revoke');
    expect(h.sim.record(id)!.history.slice(-3).map((x) => x.operation)).toEqual(['revoke', 'revoke', 'revoke']);
    expect(await lifecycle(id)).toMatchObject({ state: 'withdrawn', withdrawnReason: 'REPAIR_GRANTED', publicityEnd: '2025-03-14' });
    expect(h.gateway.analyser.threads).toBe('INGEST_THREAD_MIN_BYTES' in env ? 1 : 0);
  });
});

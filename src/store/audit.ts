import { canonicalJson, sha256Hex } from '../model/canonical-json.ts';
import type { Database, Sql } from './db.ts';

export interface AuditEntryInput {
  actor: string;
  role: string;
  action: string;
  /** What the action was on: `delivery:123`, `target:municipal`, `filter:{…}`. */
  subject: string;
  reason?: string;
  details?: Record<string, unknown>;
}

export interface AuditEntry extends AuditEntryInput {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

function entryHash(prevHash: string, e: Omit<AuditEntry, 'hash' | 'prevHash'>): string {
  return sha256Hex(`${prevHash}\n${canonicalJson({ seq: e.seq, at: e.at, actor: e.actor, role: e.role, action: e.action, subject: e.subject, reason: e.reason ?? null, details: e.details ?? null })}`);
}

/** Appends one entry; callers pass their transaction so the action and its audit entry commit together. */
export async function appendAudit(tx: Sql, input: AuditEntryInput): Promise<AuditEntry> {
  // One writer at a time keeps the chain linear (PostgreSQL; PGlite has one connection anyway).
  await tx.query('LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE');
  const last = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const prevHash = last.rows[0]?.hash ?? GENESIS;
  const seq = Number(last.rows[0]?.seq ?? 0) + 1;
  const at = new Date().toISOString();
  const hash = entryHash(prevHash, { ...input, seq, at });
  await tx.query(
    'INSERT INTO audit_log (seq, at, actor, role, action, subject, reason, details, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9,$10)',
    [seq, at, input.actor, input.role, input.action, input.subject, input.reason ?? null, input.details ? JSON.stringify(input.details) : null, prevHash, hash],
  );
  return { ...input, seq, at, prevHash, hash };
}

function rowToEntry(r: Record<string, unknown>): AuditEntry {
  return {
    seq: Number(r.seq), at: r.at as string, actor: r.actor as string, role: r.role as string, action: r.action as string, subject: r.subject as string,
    ...(r.reason != null ? { reason: r.reason as string } : {}), ...(r.details != null ? { details: r.details as Record<string, unknown> } : {}),
    prevHash: r.prev_hash as string, hash: r.hash as string,
  };
}

export async function listAudit(db: Database, opts: { limit: number; beforeSeq?: number; actor?: string; action?: string }): Promise<AuditEntry[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.beforeSeq) where.push(`seq < $${params.push(opts.beforeSeq)}`);
  if (opts.actor) where.push(`actor = $${params.push(opts.actor)}`);
  if (opts.action) where.push(`action = $${params.push(opts.action)}`);
  const r = await db.query<Record<string, unknown>>(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.push(opts.limit)}`, params);
  return r.rows.map(rowToEntry);
}

/** Recomputes the whole chain; reports the first entry whose hash or link does not hold. */
export async function verifyAudit(db: Database): Promise<{ ok: boolean; entries: number; firstBadSeq: number | null; problem: string | null }> {
  const r = await db.query<Record<string, unknown>>('SELECT * FROM audit_log ORDER BY seq');
  let prev = GENESIS;
  let expectedSeq = 1;
  for (const row of r.rows) {
    const e = rowToEntry(row);
    if (e.seq !== expectedSeq) return { ok: false, entries: r.rows.length, firstBadSeq: e.seq, problem: `entry ${expectedSeq} is missing` };
    if (e.prevHash !== prev) return { ok: false, entries: r.rows.length, firstBadSeq: e.seq, problem: 'link to the previous entry broken' };
    if (entryHash(prev, e) !== e.hash) return { ok: false, entries: r.rows.length, firstBadSeq: e.seq, problem: 'entry content altered' };
    prev = e.hash;
    expectedSeq++;
  }
  return { ok: true, entries: r.rows.length, firstBadSeq: null, problem: null };
}

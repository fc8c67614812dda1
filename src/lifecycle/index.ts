import type { Config } from '../config/index.ts';
import type { RecordIssue } from '../errors/index.ts';
import { canonicalRecord, type CanonicalRecord } from '../model/index.ts';
import type { RecordLifecycle } from '../store/index.ts';
import { createWorkCalendar, type WorkCalendar } from './calendar.ts';
import { timeliness, withdrawalPlan, withdrawReasonOf } from './periods.ts';

export { addMonths, addDays, createWorkCalendar, type WorkCalendar } from './calendar.ts';
export { withdrawalPlan, timeliness, type WithdrawalPlan, type Timeliness } from './periods.ts';

const calendars = new WeakMap<object, WorkCalendar>();

/** Publication end and reporting delay of a record received on `receivedOn`, from the configuration. */
export function lifecycleOf(config: Pick<Config, 'lifecycle' | 'timeliness'>, rec: CanonicalRecord, receivedOn: string): RecordLifecycle {
  let cal = calendars.get(config);
  if (!cal) {
    cal = createWorkCalendar(config.timeliness);
    calendars.set(config, cal);
  }
  const plan = withdrawalPlan(rec, config.lifecycle);
  return { plan: plan && { rule: plan.rule, minEnd: plan.minEnd, end: plan.end }, timeliness: timeliness(rec, receivedOn, cal, config.timeliness) };
}
export { runLifecycle, LIFECYCLE_DEPARTMENT, type LifecycleResult, type LifecycleDeps } from './run.ts';

/**
 * An upsert whose publicity period or list term ended before the day it arrived (a late report of an
 * old decision, or a department sending an expired record again): it must not go up, so it is kept
 * and sent withdrawn, as the lifecycle run would withdraw it, with the reason it would give.
 */
export function endedOnArrival(rec: CanonicalRecord, lifecycle: RecordLifecycle, today: string): { reason: string; rule: string; end: string } | null {
  const plan = lifecycle.plan;
  if (rec.operation !== 'upsert' || !plan || plan.end >= today) return null;
  return { reason: withdrawReasonOf(plan.rule), rule: plan.rule, end: plan.end };
}

/**
 * A version made withdrawn (operation revoke, as the lifecycle run withdraws), its JSON and version
 * again, with the warning saying why; one that is a revoke already keeps its own and gets the warning.
 */
export function asWithdrawn<J extends string | Uint8Array | undefined>(v: { record: CanonicalRecord; json: J; version: string; warnings: readonly RecordIssue[] }, warning: RecordIssue): { record: CanonicalRecord; json: J | string; version: string; warnings: RecordIssue[] } {
  if (v.record.operation === 'revoke') {
    return { record: v.record, json: v.json, version: v.version, warnings: v.warnings.some((w) => w.code === warning.code) ? [...v.warnings] : [...v.warnings, warning] };
  }
  const record = { ...v.record, operation: 'revoke' } as CanonicalRecord;
  const { json, version } = canonicalRecord(record);
  return { record, json, version, warnings: [...v.warnings, warning] };
}

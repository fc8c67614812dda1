import type { Config } from '../config/index.ts';
import type { CanonicalRecord } from '../model/index.ts';
import type { RecordLifecycle } from '../store/index.ts';
import { createWorkCalendar, type WorkCalendar } from './calendar.ts';
import { timeliness, withdrawalPlan } from './periods.ts';

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

import type { LifecycleConfig, PublicityRule, TimelinessConfig } from '../config/index.ts';
import { recordDate, type CanonicalRecord } from '../model/index.ts';
import { addMonths, type WorkCalendar } from './calendar.ts';

export interface WithdrawalPlan {
  /** What ends: a penalty's publicity, or a list entry's term. */
  kind: 'publicity' | 'list-term';
  /** The rule or term that set the dates. */
  rule: string;
  /** Earliest date early termination or removal may take effect (null when none applies). */
  minEnd: string | null;
  /** The date publication stops; the gateway withdraws the record itself when it passes. */
  end: string;
}

function matches(rule: PublicityRule, decisionDate: string, domainTag: string, severity: string, categories: readonly string[]): boolean {
  if (decisionDate < rule.effectiveFrom) return false;
  if (rule.effectiveTo && decisionDate > rule.effectiveTo) return false;
  if (rule.domainTags && !rule.domainTags.includes(domainTag)) return false;
  if (rule.severities && !rule.severities.includes(severity)) return false;
  if (rule.categoriesAny && !rule.categoriesAny.some((c) => categories.includes(c))) return false;
  return true;
}

/**
 * When a record stops being published, from the configured rules (never hard-coded): a penalty's
 * publicity period from its decision date (a declared 公示截止期 is kept within the rule's bounds),
 * a list entry's term from its publication. Types without an end return null.
 */
export function withdrawalPlan(rec: CanonicalRecord, cfg: LifecycleConfig): WithdrawalPlan | null {
  if (rec.operation !== 'upsert') return null;
  if (rec.recordType === 'administrative-penalty') {
    const d = rec.data;
    const rule = cfg.publicityRules.find((r) => matches(r, d.decisionDate, d.domainTag ?? cfg.defaultDomainTag, d.severity ?? 'UNSET', d.penaltyCategories));
    if (!rule) return null;
    const minEnd = addMonths(d.decisionDate, rule.minMonths);
    const maxEnd = addMonths(d.decisionDate, rule.maxMonths);
    const declared = d.publicityEndDate;
    const end = declared ? (declared < minEnd ? minEnd : declared > maxEnd ? maxEnd : declared) : maxEnd;
    return { kind: 'publicity', rule: rule.id, minEnd, end };
  }
  if (rec.recordType === 'punishment-list-entry') {
    const d = rec.data;
    const start = d.publishDate ?? d.decisionDate;
    const months = cfg.listTermsMonths[d.listType];
    if (!months && !d.periodEnd) return null;
    return { kind: 'list-term', rule: `list-term:${d.listType}`, minEnd: d.earlyRemovalEligibleFrom ?? null, end: d.periodEnd ?? addMonths(start, months!) };
  }
  if (rec.recordType === 'incentive-list-entry') {
    const d = rec.data;
    const months = cfg.listTermsMonths.INCENTIVE;
    if (!months && !d.validUntil) return null;
    return { kind: 'list-term', rule: 'list-term:INCENTIVE', minEnd: null, end: d.validUntil ?? addMonths(d.publishDate, months!) };
  }
  return null;
}

/** Why a record whose period (`rule`, as stored: a granted repair appends ' + repair') has ended is withdrawn. */
export function withdrawReasonOf(rule: string | null): 'REPAIR_GRANTED' | 'LIST_TERM_ENDED' | 'PUBLICITY_PERIOD_ENDED' {
  return rule?.includes('repair') ? 'REPAIR_GRANTED' : rule?.startsWith('list-term') ? 'LIST_TERM_ENDED' : 'PUBLICITY_PERIOD_ENDED';
}

export interface Timeliness {
  /** Working days from the decision to the day the gateway received the record. */
  delayWorkingDays: number;
  late: boolean;
}

/** 7 working days from the decision (国发〔2016〕33号, 国办发〔2019〕35号), measured on the configured calendar. */
export function timeliness(rec: CanonicalRecord, receivedOn: string, cal: WorkCalendar, cfg: Pick<TimelinessConfig, 'deadlineWorkingDays'>): Timeliness | null {
  const decided = recordDate(rec);
  if (!decided) return null;
  const delay = cal.workingDaysBetween(decided, receivedOn);
  return { delayWorkingDays: delay, late: delay > cfg.deadlineWorkingDays };
}

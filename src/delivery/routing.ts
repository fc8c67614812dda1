import type { RoutingRule } from '../config/index.ts';

/** Targets a record goes to: the union over every rule matching its type (and department, when the rule names departments). */
export function routeTargets(rules: readonly RoutingRule[], recordType: string, departmentId: string): string[] {
  const out = new Set<string>();
  for (const r of rules) {
    if (!r.recordTypes.includes(recordType) && !r.recordTypes.includes('*')) continue;
    if (r.departments && !r.departments.includes(departmentId)) continue;
    for (const t of r.targets) out.add(t);
  }
  return [...out];
}

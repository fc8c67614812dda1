// Code lists as departments write them: 行政相对人类别 and 处罚类别 (DOMAIN (a) Code lists, (e) 8).
import type { SubjectCategory } from '../model/types.ts';

const SUBJECT_CATEGORIES: Readonly<Record<string, SubjectCategory>> = {
  法人及非法人组织: 'LEGAL_ORG',
  法人和非法人组织: 'LEGAL_ORG',
  法人或非法人组织: 'LEGAL_ORG',
  法人: 'LEGAL_ORG',
  非法人组织: 'LEGAL_ORG',
  '1': 'LEGAL_ORG',
  LEGAL_ORG: 'LEGAL_ORG',
  自然人: 'NATURAL_PERSON',
  '2': 'NATURAL_PERSON',
  NATURAL_PERSON: 'NATURAL_PERSON',
  个体工商户: 'INDIVIDUAL_BIZ',
  个体: 'INDIVIDUAL_BIZ',
  '4': 'INDIVIDUAL_BIZ',
  INDIVIDUAL_BIZ: 'INDIVIDUAL_BIZ',
};

/**
 * 行政相对人类别 text or code → canonical category. Numeric codes follow the deployed constants
 * FRJFFRZZ=1, ZRR=2, GTGSH=4 (3 is not assigned). Unknown → undefined.
 */
export function subjectCategory(raw: string): SubjectCategory | undefined {
  const key = raw.normalize('NFKC').replace(/\s/g, '').toUpperCase();
  return Object.hasOwn(SUBJECT_CATEGORIES, key) ? SUBJECT_CATEGORIES[key] : undefined;
}

/** Legacy single categories whose own text contains 、 (1996/2017 law). */
const WHOLE_LEGACY = ['没收违法所得、没收非法财物', '暂扣或者吊销许可证、暂扣或者吊销执照'] as const;
const SEPARATORS = /[；;、,，]/;

/**
 * "罚款；责令停产停业" → ["罚款", "责令停产停业"], splitting on ；;、,， but keeping the legacy
 * categories above whole (normalisePenaltyCategories in src/model/code-lists.ts maps them later).
 * Trimmed, empty parts dropped, duplicates removed, order kept.
 */
export function splitCategories(raw: string): string[] {
  const out: string[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const hit = firstLegacy(rest);
    const head = hit ? rest.slice(0, hit.at) : rest;
    for (const part of head.split(SEPARATORS)) addPart(out, part);
    if (!hit) break;
    addPart(out, hit.text);
    rest = rest.slice(hit.at + hit.text.length);
  }
  return out;
}

/** Adds `v` trimmed unless empty or there already (module level: see keepNames in scripts/build.ts). */
function addPart(out: string[], v: string): void {
  const t = v.trim();
  if (t && !out.includes(t)) out.push(t);
}

function firstLegacy(s: string): { at: number; text: string } | undefined {
  let best: { at: number; text: string } | undefined;
  for (const text of WHOLE_LEGACY) {
    const at = s.indexOf(text);
    if (at >= 0 && (!best || at < best.at)) best = { at, text };
  }
  return best;
}

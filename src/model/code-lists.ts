/** 处罚类别, 《行政处罚法》(2021) 第九条. */
export const PENALTY_CATEGORIES_2021 = [
  '警告', '通报批评', '罚款', '没收违法所得', '没收非法财物', '暂扣许可证件', '降低资质等级', '吊销许可证件',
  '限制开展生产经营活动', '责令停产停业', '责令关闭', '限制从业', '行政拘留', '其他',
] as const;

const CATEGORY_SET: ReadonlySet<string> = new Set(PENALTY_CATEGORIES_2021);

/**
 * Legacy (1996/2017 law) category strings and common variants, mapped onto the 2021 list. A legacy
 * combined category ("没收违法所得、没收非法财物") cannot say which of the two applies, so it maps to both.
 */
const LEGACY_CATEGORY_MAP: Readonly<Record<string, readonly string[]>> = {
  '没收违法所得、没收非法财物': ['没收违法所得', '没收非法财物'],
  '没收违法所得和非法财物': ['没收违法所得', '没收非法财物'],
  '暂扣或者吊销许可证、暂扣或者吊销执照': ['暂扣许可证件', '吊销许可证件'],
  '暂扣或者吊销许可证': ['暂扣许可证件', '吊销许可证件'],
  '暂扣或者吊销执照': ['暂扣许可证件', '吊销许可证件'],
  '暂扣许可证': ['暂扣许可证件'],
  '暂扣执照': ['暂扣许可证件'],
  '吊销许可证': ['吊销许可证件'],
  '吊销执照': ['吊销许可证件'],
  '吊销营业执照': ['吊销许可证件'],
  '责令停产': ['责令停产停业'],
  '责令停业': ['责令停产停业'],
  '责令停止生产': ['责令停产停业'],
  '拘留': ['行政拘留'],
};

function legacy(v: string): readonly string[] | undefined {
  return Object.hasOwn(LEGACY_CATEGORY_MAP, v) ? LEGACY_CATEGORY_MAP[v] : undefined;
}

/** Splits joined category strings ("罚款；责令停产停业") and maps legacy values; unknown values are kept for the validator to report. */
export function normalisePenaltyCategories(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of values) {
    for (const part of raw.split(/[；;，,]/)) {
      const v = part.trim();
      if (!v) continue;
      const mapped = CATEGORY_SET.has(v) ? [v] : legacy(v) ?? splitEnumeration(v);
      for (const m of mapped) if (!out.includes(m)) out.push(m);
    }
  }
  return out;
}

/** "罚款、警告" is a list, but "没收违法所得、没收非法财物" is one legacy category (handled above). */
function splitEnumeration(v: string): string[] {
  if (!v.includes('、')) return [v];
  const parts = v.split('、').map((p) => p.trim()).filter(Boolean);
  return parts.flatMap((p) => (CATEGORY_SET.has(p) ? [p] : legacy(p) ?? [p]));
}

export function isPenaltyCategory(v: string): boolean {
  return CATEGORY_SET.has(v);
}

export const LICENCE_CATEGORIES = ['普通', '特许', '认可', '核准', '登记', '其他'] as const;

/** 证件类型. Free text is allowed when it starts with "其他-". */
export const ID_TYPES = ['身份证', '护照号', '港澳居民来往内地通行证', '台湾居民来往大陆通行证', '外国人永久居留身份证'] as const;

export function isIdType(v: string): boolean {
  return (ID_TYPES as readonly string[]).includes(v) || /^其他-.+/.test(v);
}

/** Province-level GB/T 2260 prefixes (including 港澳台 codes used by some lists). */
export const PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44',
  '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

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

/**
 * 列入依据条款 of a punishment-list entry. 安监总办〔2017〕49号 第二条 lists ten grounds for 联合惩戒对象;
 * 第三条 puts the worst of them on the 安全生产不良记录“黑名单” (texts quoted in the schema description,
 * from the seed's second document). 第三条's grounds carry a short name instead of an item number:
 * the seed quotes them as one sentence.
 */
export const BASIS_CLAUSES_ART2 = [
  '49号第二条(一)', '49号第二条(二)', '49号第二条(三)', '49号第二条(四)', '49号第二条(五)',
  '49号第二条(六)', '49号第二条(七)', '49号第二条(八)', '49号第二条(九)', '49号第二条(十)',
] as const;
export const BASIS_CLAUSES_ART3 = ['49号第三条(重特大事故)', '49号第三条(一年内两起较大事故)', '49号第三条(性质恶劣事故)'] as const;
export const BASIS_CLAUSES = [...BASIS_CLAUSES_ART2, ...BASIS_CLAUSES_ART3] as const;
/** 第二条(十) "上级部门规定的其他情形" says nothing by itself: the entry must give its reason. */
export const BASIS_CLAUSE_OTHER = '49号第二条(十)';

/** The clauses each list type may cite; list types absent here (11号令, 45号令 lists) cite none of 49号. */
export const BASIS_CLAUSES_BY_LIST: Readonly<Partial<Record<string, readonly string[]>>> = {
  JOINT_PUNISHMENT_2017: BASIS_CLAUSES_ART2,
  BLACKLIST_2015: BASIS_CLAUSES_ART3,
};

/** GB/T 4754-2017: section letter → its range of two-digit divisions (20 sections, 97 divisions). */
export const INDUSTRY_SECTIONS: Readonly<Record<string, readonly [number, number]>> = {
  A: [1, 5], B: [6, 12], C: [13, 43], D: [44, 46], E: [47, 50], F: [51, 52], G: [53, 60], H: [61, 62], I: [63, 65], J: [66, 69],
  K: [70, 70], L: [71, 72], M: [73, 75], N: [76, 79], O: [80, 82], P: [83, 83], Q: [84, 85], R: [86, 90], S: [91, 96], T: [97, 97],
};

export function industrySectionOf(division: number): string | undefined {
  for (const [letter, [lo, hi]] of Object.entries(INDUSTRY_SECTIONS)) if (division >= lo && division <= hi) return letter;
  return undefined;
}

/** Grades of each credit-grade scheme. */
export const GRADES_BY_SCHEME: Readonly<Record<string, readonly string[]>> = {
  ABCD: ['A', 'B', 'C', 'D'],
  LEVEL_1_4: ['一级', '二级', '三级', '四级'],
};

/** Lowest score of each A/B/C/D grade (score ≥ min, below the next grade's min). */
export type GradeBands = Readonly<Record<'A' | 'B' | 'C' | 'D', number>>;

/**
 * Default bands: 90 以上 A, 80–89 B, 60–79 C, 59 以下 D on a 100-point scale (the seed's fifth document,
 * whose digits were lost in extraction: "9分以上为A级, 8至89分为B级, 6至79分为C级, 59分以下为D级").
 * The scheme is local [U]; a deployment passes its own bands in the rule context.
 */
export const DEFAULT_GRADE_BANDS: GradeBands = { A: 90, B: 80, C: 60, D: 0 };

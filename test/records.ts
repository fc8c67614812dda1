/** Canonical test records for the demo department county-safety-bureau (灌云县应急管理局). */
export const AUTHORITY = { name: '灌云县应急管理局', uscc: '11320723MB1234567K' };
export const COMPANIES = [
  { name: '连云港恒瑞化工有限公司', uscc: '91320723MA1XYW1236', rep: '王建国' },
  { name: '灌云县临港新材料科技有限公司', uscc: '91320723MA1ABC456U', rep: '李明' },
  { name: '江苏燕尾港船舶修造有限公司', uscc: '91320723MA1QP4A8KG', rep: '陈海' },
  { name: '连云港鑫源燃气有限公司（灌云分公司）', uscc: '91320723MA2LM3N5P3', rep: '赵雪' },
];

export function penalty(n: number, over: { data?: Record<string, unknown>; subject?: Record<string, unknown>; operation?: string } = {}): Record<string, unknown> {
  const c = COMPANIES[n % COMPANIES.length]!;
  return {
    recordType: 'administrative-penalty',
    operation: over.operation ?? 'upsert',
    subject: { name: c.name, category: 'LEGAL_ORG', uscc: c.uscc, legalRep: { name: c.rep }, ...over.subject },
    data: {
      decisionNo: `灌应急罚〔2026〕${n + 1}号`,
      violationType: '未按规定开展安全生产教育和培训',
      violationFacts: '该公司未如实记录从业人员安全生产教育和培训情况。',
      legalBasis: '《中华人民共和国安全生产法》第九十七条',
      penaltyCategories: ['罚款'],
      penaltyContent: '罚款人民币2万元',
      fineAmountWan: '2',
      decisionDate: '2026-03-05',
      penaltyValidUntil: '2027-03-05',
      authorityName: AUTHORITY.name,
      authorityUscc: AUTHORITY.uscc,
      ...over.data,
    },
  };
}

export function licence(n: number, over: { data?: Record<string, unknown>; subject?: Record<string, unknown> } = {}): Record<string, unknown> {
  const c = COMPANIES[n % COMPANIES.length]!;
  return {
    recordType: 'administrative-license',
    subject: { name: c.name, category: 'LEGAL_ORG', uscc: c.uscc, legalRep: { name: c.rep }, ...over.subject },
    data: {
      decisionDocName: '危险化学品经营许可证核发决定书',
      decisionDocNo: `苏连灌危化经字〔2026〕${100 + n}号`,
      licenceCategory: '普通',
      certificateName: '危险化学品经营许可证',
      licenceNo: `苏连灌危化经字〔2026〕${100 + n}号`,
      content: '经营：甲醇、乙醇（无储存）',
      decisionDate: '2026-02-10',
      validFrom: '2026-02-10',
      validTo: '2029-02-09',
      authorityName: AUTHORITY.name,
      authorityUscc: AUTHORITY.uscc,
      ...over.data,
    },
  };
}

export function body(records: unknown[]): string {
  return JSON.stringify({ records });
}

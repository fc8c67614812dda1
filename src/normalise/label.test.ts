import { describe, expect, it } from 'vitest';
import v8 from 'node:v8';
import vm from 'node:vm';
import { defaultLabels, LabelTable, labelKey, labelledFields, labelUnit, relabel, restoreAmountValues, writeAmountUnits } from './label.ts';
import type { FieldValue } from './record-draft.ts';

const v = (...texts: string[]): FieldValue => ({ texts, nested: false });

describe('labelKey', () => {
  it('folds bracket width, spaces, stars, trailing colons and letter case', () => {
    const k = labelKey('罚款金额（万元）');
    for (const l of ['罚款金额(万元)', ' 罚款金额 ( 万元 ) ', '*罚款金额（万元）', '罚款金额【万元】：', '★罚款金额［万元］*', '罚款金额\u3000(万元)']) expect(labelKey(l)).toBe(k);
    expect(labelKey('cf_nr_fk')).toBe('CF_NR_FK');
    expect(labelKey('罚款金额')).not.toBe(k);
  });
  it('keeps the 2016 and 2021 variants of 行政相对人代码_2 apart', () => {
    expect(labelKey('行政相对人代码_2(组织机构代码)')).not.toBe(labelKey('行政相对人代码_2(工商注册号)'));
    expect(labelKey('行政相对人代码_2（组织机构代码）')).toBe(labelKey('行政相对人代码_2(组织机构代码)'));
  });
});

describe('labelUnit', () => {
  it.each([['拖欠金额（元）', '元'], ['罚款金额(万元)', '万元'], ['罚款金额', undefined], ['直接经济损失【万元】', '万元']] as const)('%s → %s', (label, unit) => {
    expect(labelUnit(label)).toBe(unit);
  });
});

describe('LabelTable', () => {
  const t = new LabelTable({ CF_NR_FK: ['罚款金额（万元）', '罚款金额'], CF_WSH: ['行政处罚决定书文号'] });
  it('resolves any spelling of a label and nothing else', () => {
    expect(t.resolve('罚款金额(万元)')).toBe('CF_NR_FK');
    expect(t.resolve(' 罚款金额 ')).toBe('CF_NR_FK');
    expect(t.resolve('行政处罚决定书文号：')).toBe('CF_WSH');
    expect(t.resolve('序号')).toBeUndefined();
    expect(t.resolve('toString')).toBeUndefined();
    expect(t.primary.get('CF_NR_FK')).toBe('罚款金额（万元）');
  });
  it('refuses one label naming two fields', () => {
    expect(() => new LabelTable({ A: ['文书号'], B: ['文书号 '] })).toThrow(/names both/);
  });
});

describe('labelledFields', () => {
  const t = new LabelTable({ '/data/amountYuan': ['拖欠金额（元）', '拖欠金额'], '/subject/name': ['单位名称'] });
  it('keys values by field, keeps the label as written and lists unknown labels', () => {
    const out = labelledFields([['单位名称 ', v('某公司')], ['拖欠金额(元)', v('100')], ['联系电话', v('0518')]], t);
    expect(out.bag.get('/subject/name')).toEqual(v('某公司'));
    expect(out.labels.get('/data/amountYuan')).toBe('拖欠金额(元)');
    expect(out.unknown).toEqual(['联系电话']);
  });
  it('keeps both values when two labels name one field', () => {
    const out = labelledFields([['拖欠金额', v('100')], ['拖欠金额（元）', v('200')]], t);
    expect(out.bag.get('/data/amountYuan')!.texts).toEqual(['100', '200']);
    expect(out.labels.get('/data/amountYuan')).toBe('拖欠金额/拖欠金额（元）');
  });
});

describe('relabel', () => {
  it('renames keys to labels in sourceFields and issues, joined keys one by one, and names absent fields', () => {
    const built = {
      record: {},
      issues: [{ path: '/data/penaltyCategories', code: 'ENUM' as const, sourceField: 'CF_CFLB1+CF_CFLB2' }, { path: '', code: 'FORMAT' as const }],
      sourceFields: { '/data/decisionNo': 'CF_WSH', '/data/penaltyCategories': 'CF_CFLB1+CF_CFLB2' },
    };
    const labels = new Map([['CF_WSH', '处罚决定书文号'], ['CF_CFLB1', '处罚类别1'], ['CF_CFLB2', '处罚类别2']]);
    const out = relabel(built, labels, { '/data/decisionNo': '行政处罚决定书文号', '/data/legalBasis': '处罚依据' });
    expect(out.sourceFields).toEqual({ '/data/decisionNo': '处罚决定书文号', '/data/penaltyCategories': '处罚类别1+处罚类别2', '/data/legalBasis': '处罚依据' });
    expect(out.issues).toEqual([{ path: '/data/penaltyCategories', code: 'ENUM', sourceField: '处罚类别1+处罚类别2' }, { path: '', code: 'FORMAT' }]);
  });
});

describe('writeAmountUnits / restoreAmountValues', () => {
  it('writes the label unit (or the fallback) onto bare amounts only, and restores the text in issues', () => {
    const bag = new Map([['FK', v('2000', '3元', '', '无')], ['WF', v('1.5')], ['WAN', v('0.2')]]);
    const labels = new Map([['FK', '罚款金额'], ['WF', '没收金额（元）'], ['WAN', '罚款金额（万元）']]);
    const originals = writeAmountUnits(bag, labels, ['FK', 'WF', 'WAN'], '元');
    expect(bag.get('FK')!.texts).toEqual(['2000元', '3元', '', '无']);
    expect(bag.get('WF')!.texts).toEqual(['1.5元']);
    expect(bag.get('WAN')!.texts).toEqual(['0.2']);
    const issues = restoreAmountValues([{ path: '/a', code: 'AMOUNT_FORMAT', params: { value: '2000元' } }, { path: '/b', code: 'FORMAT', params: { value: '2000元 | 1.5元' } }], originals);
    expect(issues.map((i) => i.params!.value)).toEqual(['2000', '2000 | 1.5']);
  });
  it('leaves 万元 fields alone when the fallback is 万元', () => {
    const bag = new Map([['FK', v('0.5')]]);
    expect(writeAmountUnits(bag, new Map([['FK', '罚款金额']]), ['FK'], '万元').size).toBe(0);
    expect(bag.get('FK')!.texts).toEqual(['0.5']);
  });
});

describe('defaultLabels', () => {
  it('names each canonical pointer by its first label and skips helper keys', () => {
    expect(defaultLabels({ '/data/a': ['甲', '乙'], helper: ['丙'] })).toEqual({ '/data/a': '甲' });
  });
});

describe('the label caches keep no body alive', () => {
  it('labels cut from large bodies (V8 slices of them) are remembered as copies: the bodies are collected', () => {
    // A CSV header cell is a slice of the decoded body; a cache keyed by the slice itself kept every
    // such body in memory (measured: 20 bodies of 20 MB, 406 MB after GC; 26 MB with copies).
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const table = new LabelTable({ '/data/confiscatedWan': ['没收违法所得、没收非法财物的金额(万元)'] });
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let k = 0; k < 8; k++) {
      const label = `没收违法所得、没收非法财物的金额(万元)${' '.repeat(k)}`;
      const body = `${label},${'罚'.repeat(5_000_000)}${k}`; // ~10 MB of two-byte text
      const cell = body.slice(0, label.length);
      expect(table.resolve(cell)).toBe('/data/confiscatedWan');
      expect(labelUnit(cell)).toBe('万元');
    }
    gc();
    gc();
    // Eight bodies pinned would be ~80 MB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(30_000_000);
    // And the remembered answers are the same the second time.
    expect(table.resolve(`没收违法所得、没收非法财物的金额(万元)${' '.repeat(3)}`)).toBe('/data/confiscatedWan');
  });
});

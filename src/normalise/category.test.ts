import { describe, expect, it } from 'vitest';
import { splitCategories, subjectCategory } from './category.ts';

describe('subjectCategory', () => {
  it.each([
    ['法人及非法人组织', 'LEGAL_ORG'],
    ['法人和非法人组织', 'LEGAL_ORG'],
    ['法人', 'LEGAL_ORG'],
    ['非法人组织', 'LEGAL_ORG'],
    ['1', 'LEGAL_ORG'],
    ['１', 'LEGAL_ORG'],
    [' 法人及非法人组织 ', 'LEGAL_ORG'],
    ['LEGAL_ORG', 'LEGAL_ORG'],
    ['legal_org', 'LEGAL_ORG'],
    ['自然人', 'NATURAL_PERSON'],
    ['2', 'NATURAL_PERSON'],
    ['NATURAL_PERSON', 'NATURAL_PERSON'],
    ['个体工商户', 'INDIVIDUAL_BIZ'],
    ['个体', 'INDIVIDUAL_BIZ'],
    ['4', 'INDIVIDUAL_BIZ'],
    ['INDIVIDUAL_BIZ', 'INDIVIDUAL_BIZ'],
  ])('%j → %s', (raw, cat) => {
    expect(subjectCategory(raw)).toBe(cat);
  });
  it.each(['', '3', '0', '5', '企业', '法人代表', 'toString', '__proto__', 'constructor'])('%j → undefined', (raw) => {
    expect(subjectCategory(raw)).toBeUndefined();
  });
});

describe('splitCategories', () => {
  it.each([
    ['罚款', ['罚款']],
    ['罚款；责令停产停业', ['罚款', '责令停产停业']],
    ['罚款;责令停产停业', ['罚款', '责令停产停业']],
    ['罚款、警告', ['罚款', '警告']],
    ['罚款,警告', ['罚款', '警告']],
    ['罚款，警告', ['罚款', '警告']],
    [' 罚款 ； 警告 ；', ['罚款', '警告']],
    ['罚款；；警告', ['罚款', '警告']],
    ['罚款；罚款', ['罚款']],
    ['没收违法所得、没收非法财物', ['没收违法所得、没收非法财物']],
    ['暂扣或者吊销许可证、暂扣或者吊销执照', ['暂扣或者吊销许可证、暂扣或者吊销执照']],
    ['罚款、没收违法所得、没收非法财物', ['罚款', '没收违法所得、没收非法财物']],
    ['罚款；没收违法所得、没收非法财物；警告', ['罚款', '没收违法所得、没收非法财物', '警告']],
    ['暂扣或者吊销许可证、暂扣或者吊销执照、没收违法所得、没收非法财物', ['暂扣或者吊销许可证、暂扣或者吊销执照', '没收违法所得、没收非法财物']],
    ['没收违法所得、没收非法财物；没收违法所得、没收非法财物', ['没收违法所得、没收非法财物']],
    ['没收违法所得；没收非法财物', ['没收违法所得', '没收非法财物']],
    ['', []],
    ['；', []],
  ])('%j → %j', (raw, parts) => {
    expect(splitCategories(raw)).toEqual(parts);
  });
});

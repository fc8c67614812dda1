// Shared, pure normalisation helpers for department adapters.
export { parseDate, type ParsedDate } from './date.ts';
export { parseAmount, type ParsedAmount, type AmountUnit } from './amount.ts';
export { clean, isPlaceholder, matchKey } from './text.ts';
export { normaliseCodeValue, type NormalisedCode } from './code.ts';
export { subjectCategory, splitCategories } from './category.ts';

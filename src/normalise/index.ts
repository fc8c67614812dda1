// Shared, pure normalisation helpers for department adapters.
export { parseDate, parseDateTime, parsePeriod, type ParsedDate, type ParsedDateTime, type ParsedPeriod } from './date.ts';
export { parseAmount, parseAmountYuan, hasAmountUnit, type ParsedAmount, type ParsedYuan, type AmountUnit } from './amount.ts';
export { parseBoolean, parseCount, parseYear, type ParsedBoolean, type ParsedCount, type ParsedYear } from './number.ts';
export { clean, distinctCleaned, isPlaceholder, matchKey } from './text.ts';
export { lostDigits, normaliseCodeValue, type NormalisedCode } from './code.ts';
export { subjectCategory, splitCategories } from './category.ts';
export {
  defaultLabels, labelKey, labelUnit, labelledFields, relabel, restoreAmountValues, writeAmountUnits, LabelTable, type LabelledFields,
} from './label.ts';
export { FAR_DATE, getAtPointer, jsonField, lookupKey, ordered, orderedRecord, RecordDraft, setAtPointer, ValueTable, type FieldBag, type FieldValue, type PermanentMode } from './record-draft.ts';
export { readSubject } from './subject.ts';
export { OPERATIONS, readEnvelope, readParties, subjectKey } from './envelope.ts';

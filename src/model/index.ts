export * from './types.ts';
export { validateRecord, type ValidationContext, type ValidationResult, type DepartmentScope } from './validate.ts';
export { recordKey, recordIdFor, recordVersion, canonicalRecord, subjectId, foldDocNo, recordDate, RECORD_KEY_FIELDS } from './identity.ts';
export { canonicalJson, sha256Hex, uuidFromName } from './canonical-json.ts';
export { maskIdNo, normaliseCode, checkUscc } from './identifiers.ts';
export { PENALTY_CATEGORIES_2021, LICENCE_CATEGORIES, BASIS_CLAUSES, normalisePenaltyCategories } from './code-lists.ts';
export { deriveAccidentLevel } from './rules/accident.ts';
export { schemaFiles, recordSchema, SCHEMA_DIR } from './schemas.ts';
export { maskRecord } from './mask.ts';

import { readFileSync, readdirSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { RECORD_TYPES, type RecordType } from './types.ts';
import { packagePath } from '../util/paths.ts';

export const SCHEMA_DIR = packagePath('schemas/');

type JsonSchema = Record<string, unknown>;

function loadSchemas(): Map<string, JsonSchema> {
  const out = new Map<string, JsonSchema>();
  for (const file of readdirSync(SCHEMA_DIR)) {
    if (!file.endsWith('.schema.json')) continue;
    out.set(file, JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8')) as JsonSchema);
  }
  return out;
}

export const schemaFiles = loadSchemas();

export function recordSchema(type: RecordType): JsonSchema {
  const s = schemaFiles.get(`${type}.schema.json`);
  if (!s) throw new Error(`schema for ${type} missing`);
  return s;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, useDefaults: false, allowUnionTypes: true });
  addFormats(ajv);
  for (const kw of ['x-error-code', 'x-code', 'x-record-key', 'x-revoke-required']) ajv.addKeyword(kw);
  return ajv;
}

export const ajv = newAjv();
for (const [file, schema] of schemaFiles) if (file !== 'config.schema.json') ajv.addSchema(schema, file);

/** For a revoke only the fields that identify the record are required. */
function revokeVariant(schema: JsonSchema): JsonSchema {
  const copy = structuredClone(schema) as JsonSchema & { properties: { data: JsonSchema & { required?: string[] } }; $id: string };
  const keyFields = (schema['x-record-key'] as string[]).filter((p) => p.startsWith('data.')).map((p) => p.slice(5));
  copy.properties.data.required = keyFields;
  copy.$id = `revoke-${copy.$id}`;
  return copy;
}

export interface TypeValidators {
  upsert: ValidateFunction;
  revoke: ValidateFunction;
}

export const validators = new Map<RecordType, TypeValidators>(
  RECORD_TYPES.map((t) => {
    const upsert = ajv.getSchema(`${t}.schema.json`);
    if (!upsert) throw new Error(`schema ${t} not compiled`);
    return [t, { upsert, revoke: ajv.compile(revokeVariant(recordSchema(t))) }];
  }),
);

export type { ErrorObject };

// Entry of an ingest thread (piscina): analyses one body with the registered adapters. A refusal of
// the whole body (GatewayError) comes back as data, since an Error crossing threads loses its class.
import { workerData } from 'piscina';
import { adapters } from '../../adapters/index.ts';
import { GatewayError } from '../errors/index.ts';
import { analyse, type AnalyseInput, type Analysis, type IngestSettings } from './analyse.ts';

/** Given once, when the thread starts (the gateway's configuration does not change while it runs). */
const settings = workerData as IngestSettings;

export type ThreadAnswer = { ok: true; analysis: Analysis } | { ok: false; code: GatewayError['code']; params: Record<string, unknown>; details: unknown };

export default function analyseInThread(input: AnalyseInput): ThreadAnswer {
  try {
    return { ok: true, analysis: analyse(adapters, settings, input) };
  } catch (e) {
    if (e instanceof GatewayError) return { ok: false, code: e.code, params: e.params, details: e.details };
    throw e;
  }
}

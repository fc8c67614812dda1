// Entry of an ingest thread (piscina): analyses one body with the registered adapters and answers in
// the compact form of ./thread-answer.ts.
import { workerData } from 'piscina';
import { adapters } from '../../adapters/index.ts';
import { GatewayError } from '../errors/index.ts';
import { analyse, type AnalyseInput, type IngestSettings } from './analyse.ts';
import { threadAnswer, type ThreadAnswer } from './thread-answer.ts';

/** Given once, when the thread starts (the gateway's configuration does not change while it runs). */
const settings = workerData as IngestSettings;

export default function analyseInThread(input: AnalyseInput): unknown {
  try {
    return threadAnswer(analyse(adapters, settings, input));
  } catch (e) {
    if (e instanceof GatewayError) return { ok: false, code: e.code, params: e.params, details: e.details } satisfies ThreadAnswer;
    throw e;
  }
}

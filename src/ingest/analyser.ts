// Where bodies are analysed: small ones in the API thread (a thread hop costs more than they do),
// large ones in a pool of ingest threads, so a 5 MB package does not hold every other department's
// request behind its parse and validation (measured in README § Benchmarks).
import { Piscina } from 'piscina';
import type { Adapter } from '../../adapters/types.ts';
import { GatewayError } from '../errors/index.ts';
import { analyse, type AnalyseInput, type Analysis, type IngestSettings } from './analyse.ts';
import { unpackAnalysis, type ThreadAnswer } from './thread-answer.ts';

export interface Analyser {
  analyse(input: AnalyseInput): Promise<Analysis>;
  /** Ingest threads started so far (0 until the first large body). */
  readonly threads: number;
  close(): Promise<void>;
}

export interface AnalyserOptions {
  /** Ingest threads at most (INGEST_THREADS); 0: every body in the API thread. */
  threads: number;
  /** Bodies of at least this many bytes go to a thread (INGEST_THREAD_MIN_BYTES). */
  minBytes: number;
  /** An idle thread ends after this long (its memory returned); started again on demand. */
  idleMs?: number;
}

/** In the API thread only: for custom adapter sets (tests), which a thread could not load. */
export const inThreadAnalyser = (adapters: ReadonlyMap<string, Adapter>, settings: IngestSettings): Analyser => ({
  analyse: async (input) => analyse(adapters, settings, input),
  threads: 0,
  close: async () => undefined,
});

/** Thread entry: the bundled file beside dist/main.js, or the source file under tsx (tests, scripts). */
function workerFile(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { filename: new URL('./analyse-worker.ts', here).href, execArgv: ['--import', 'tsx'] };
  return { filename: new URL('./ingest-worker.js', here).href, execArgv: [] };
}

/** The registered adapters, in ingest threads for large bodies. */
export function createAnalyser(adapters: ReadonlyMap<string, Adapter>, settings: IngestSettings, opts: AnalyserOptions): Analyser {
  const local = inThreadAnalyser(adapters, settings);
  if (opts.threads <= 0) return local;
  let pool: Piscina | undefined;
  const start = () => {
    // Only what analysis reads, not the whole configuration the caller may pass (no secrets cross).
    const workerData: IngestSettings = { routing: settings.routing, lifecycle: settings.lifecycle, timeliness: settings.timeliness };
    pool = new Piscina({ ...workerFile(), workerData, minThreads: 0, maxThreads: opts.threads, idleTimeout: opts.idleMs ?? 60_000, atomics: 'disabled' });
    return pool;
  };
  return {
    async analyse(input) {
      if (input.body.length < opts.minBytes) return local.analyse(input);
      const answer = (await (pool ?? start()).run(input)) as ThreadAnswer;
      if (!answer.ok) throw new GatewayError(answer.code, answer.params, answer.details);
      return unpackAnalysis(answer.analysis);
    },
    get threads() {
      return pool?.threads.length ?? 0;
    },
    async close() {
      await pool?.close();
    },
  };
}

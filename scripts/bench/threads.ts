// Bench 1c: what analysing a large body in an ingest thread leaves the API thread to do (sending the
// body, receiving and unpacking the answer: src/ingest/thread-answer.ts) against analysing it there,
// in this process, without HTTP or a database: the same bodies both ways, alternating.
import { performance } from 'node:perf_hooks';
import { adapters } from '../../adapters/index.ts';
import { loadSettings } from '../../src/config/index.ts';
import { analyse, analyseInputFor, type AnalyseInput } from '../../src/ingest/analyse.ts';
import { createAnalyser } from '../../src/ingest/analyser.ts';
import { parseContentType } from '../../src/ingest/decode.ts';
import { penalty } from '../../test/records.ts';

export interface ThreadHandoffResult {
  bodies: number;
  records: number;
  /** Medians per body, ms: the API thread's busy time with an ingest thread, and analysing the body itself. */
  apiThreadMs: number;
  inThreadMs: number;
  /** Medians per body, ms: the process's CPU (every thread) each way. */
  cpuThreadedMs: number;
  cpuInThreadMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchThreadHandoff(opts: { bodies: number; records: number }): Promise<ThreadHandoffResult> {
  const { config } = loadSettings(undefined, {});
  const dept = config.departments.find((d) => d.adapter === 'canonical-json')!;
  const input = (k: number): AnalyseInput => analyseInputFor(config, dept, {
    body: Buffer.from(JSON.stringify({ records: Array.from({ length: opts.records }, (_, i) => penalty(i, { data: { decisionNo: `灌应急罚〔2026〕T${k}-${i}号` } })) })),
    media: parseContentType('application/json; charset=utf-8'),
    query: {},
    lang: 'zh',
    today: '2026-11-27',
  });
  const threaded = createAnalyser(adapters, config, { threads: 1, minBytes: 0 });
  const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
  const api: number[] = [], local: number[] = [], cpuThreaded: number[] = [], cpuLocal: number[] = [];
  try {
    // Warm-up: the thread started, both paths compiled.
    for (let k = 0; k < 2; k++) {
      await threaded.analyse(input(-1 - k));
      analyse(adapters, config, input(-1 - k));
    }
    for (let k = 0; k < opts.bodies; k++) {
      const body = input(k);
      let c0 = process.cpuUsage();
      const elu0 = performance.eventLoopUtilization();
      const there = await threaded.analyse(body);
      api.push(performance.eventLoopUtilization(elu0).active);
      cpuThreaded.push(cpuMs(process.cpuUsage(c0)));
      c0 = process.cpuUsage();
      const t0 = performance.now();
      const here = analyse(adapters, config, body);
      local.push(performance.now() - t0);
      cpuLocal.push(cpuMs(process.cpuUsage(c0)));
      if (there.stored.length !== opts.records || here.stored.length !== opts.records) throw new Error(`thread bench: ${there.stored.length} / ${here.stored.length} of ${opts.records} records stored`);
    }
  } finally {
    await threaded.close();
  }
  return { bodies: opts.bodies, records: opts.records, apiThreadMs: median(api), inThreadMs: median(local), cpuThreadedMs: median(cpuThreaded), cpuInThreadMs: median(cpuLocal) };
}

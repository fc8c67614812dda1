/**
 * Bench 4 and 7 in a process of their own: the open-loop load generator must not share a heap (and
 * its garbage collector's pauses) with the sections that ran before it in the bench process.
 * `tsx scripts/bench/latency-child.ts <one-process|api-and-worker> <seconds>` prints the result as JSON.
 */
import { benchLatency } from './latency.ts';

const topology = process.argv[2] === 'api-and-worker' ? 'api-and-worker' : 'one-process';
const seconds = Number(process.argv[3] ?? 15);
const r = await benchLatency({ rate: 200, seconds, topology });
process.stdout.write(`${JSON.stringify(r)}\n`);
process.exit(0);

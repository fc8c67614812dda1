// How an ingest thread hands an analysis back to the API thread. Structured clone of the record
// objects, and of their canonical JSON as (mostly two-byte) strings, cost the two threads ~20 µs per
// record (serialise in the thread, rebuild in the API thread: 40 ms for 2,000 penalties), while the
// API thread needs neither: it stores the JSON's UTF-8 bytes and a few columns. So the thread sends
// each record's columns (computed by analysis) and one buffer of all the JSON, moved (not copied); a record object is
// rebuilt from its bytes only if something asks for it (a held withdrawal, say).
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { CanonicalRecord } from '../model/index.ts';
import type { GatewayError } from '../errors/index.ts';
import type { AnalysedRecord, Analysis } from './analyse.ts';

/** An analysed record without its record object and JSON, which travel as bytes in `bodies`. */
type StoredOnWire = Omit<AnalysedRecord, 'record' | 'json'> & { /** End of its JSON in `bodies`. */ end: number };

export interface PackedAnalysis {
  header?: Record<string, string>;
  results: Analysis['results'];
  stored: StoredOnWire[];
  /** Every stored record's canonical JSON, UTF-8, one after another. */
  bodies: Uint8Array;
}

/** What an ingest thread answers: its analysis, or the refusal of the whole body as data (an Error crossing threads loses its class). */
export type ThreadAnswer = { ok: true; analysis: PackedAnalysis } | { ok: false; code: GatewayError['code']; params: Record<string, unknown>; details: unknown };

/** In the thread: the answer for an analysis, its buffer marked to be moved. */
export function threadAnswer(analysis: Analysis): unknown {
  let total = 0;
  for (const { json } of analysis.stored) total += typeof json === 'string' ? Buffer.byteLength(json) : json.length;
  // Its own ArrayBuffer (never Node's shared pool slab), so moving it detaches nothing else.
  const bodies = Buffer.from(new ArrayBuffer(total));
  let at = 0;
  const stored = analysis.stored.map((s): StoredOnWire => {
    at += typeof s.json === 'string' ? bodies.write(s.json, at) : (bodies.set(s.json, at), s.json.length);
    return wire(s, at);
  });
  const answer: ThreadAnswer = { ok: true, analysis: { ...(analysis.header ? { header: analysis.header } : {}), results: analysis.results, stored, bodies } };
  // piscina moves what transferableSymbol lists and sends valueSymbol in place of the wrapper.
  return move({
    get [transferableSymbol]() {
      return [bodies.buffer];
    },
    get [valueSymbol]() {
      return answer;
    },
  });
}

/**
 * Every member but the record and its JSON, written out (a rest pattern or spread copies by a slow
 * generic path; measured 4-5 µs per record in the API thread); `Record<keyof …>` makes a member
 * added to AnalysedRecord an error here until it is carried.
 */
function wire(s: AnalysedRecord, end: number): StoredOnWire {
  return { index: s.index, recordId: s.recordId, key: s.key, version: s.version, warnings: s.warnings, targets: s.targets, lifecycle: s.lifecycle, columns: s.columns, end } satisfies Record<keyof StoredOnWire, unknown>;
}

/** In the API thread: the analysis back, each record's JSON a view of the moved buffer. */
export function unpackAnalysis(packed: PackedAnalysis): Analysis {
  const bodies = Buffer.from(packed.bodies.buffer, packed.bodies.byteOffset, packed.bodies.byteLength);
  let start = 0;
  const stored = packed.stored.map((s): AnalysedRecord => {
    const json = bodies.subarray(start, s.end);
    start = s.end;
    let record: CanonicalRecord | undefined;
    // The record only if something asks (a held withdrawal): an accessor in the literal, an own
    // enumerable member that a spread copies, and the object keeps V8's fast layout.
    return {
      index: s.index, recordId: s.recordId, key: s.key, version: s.version, warnings: s.warnings, targets: s.targets, lifecycle: s.lifecycle, columns: s.columns, json,
      get record() {
        return (record ??= JSON.parse(json.toString('utf8')) as CanonicalRecord);
      },
    } satisfies Record<keyof AnalysedRecord, unknown>;
  });
  return { ...(packed.header ? { header: packed.header } : {}), results: packed.results, stored };
}

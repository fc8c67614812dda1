/**
 * `npm run build` — the gateway as one plain-JavaScript ES module, dist/main.js, that `node` runs
 * without a TypeScript loader (tsx's esbuild service and loader thread cost ~40 MB of RSS at idle).
 *
 * Only our own code (src/, adapters/) is bundled; packages stay imports resolved from node_modules at
 * run time, so their own files (PGlite's wasm, BullMQ's Lua scripts) are found where they always are.
 * Files read at run time (schemas/, config/example.yaml, src/store/migrations/) are not copied: the
 * code finds them from the package root (src/util/paths.ts), so dist/ must sit in the package root.
 * No type checking here; that is `npm run typecheck`.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Builds the gateway into `outdir` (relative to the package root; default dist). Takes well under a second. */
export async function buildGateway(outdir = 'dist'): Promise<string> {
  await build({
    absWorkingDir: ROOT,
    // The ingest thread's entry is found beside main.js (src/ingest/analyser.ts).
    entryPoints: { main: 'src/main.ts', 'ingest-worker': 'src/ingest/analyse-worker.ts' },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.11',
    packages: 'external',
    // JSX settings (react-jsx, hono/jsx) come from tsconfig.json.
    tsconfig: 'tsconfig.json',
    // A linked map for `node --enable-source-maps` when a stack trace needs the .ts line; not loaded otherwise.
    sourcemap: 'linked',
    // Class and function names as written (the bundler renames clashing top-level names otherwise).
    // The price: every function expression bound to a name gets a `name` definition each time it is
    // made, so a closure made per record costs one per record (2-4% of the department adapters' CPU,
    // measured 2026-12-03). tsx, which runs the tests, the bench and the demo, keeps names too.
    // Helpers on per-record paths are therefore module-level functions (`rendered` in
    // src/ingest/analyse.ts, `renameKeys` in src/normalise/label.ts, `addPart` in
    // src/normalise/category.ts, `weekdaysUpTo` in src/lifecycle/calendar.ts).
    keepNames: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  return `${ROOT}${outdir}/main.js`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = performance.now();
  const out = await buildGateway(process.argv[2]);
  console.log(`built ${out.slice(ROOT.length)} in ${Math.round(performance.now() - t0)} ms`);
}

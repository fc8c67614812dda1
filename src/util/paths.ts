import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The package root (the nearest directory above this module holding package.json), as a file: URL
 * ending in a slash. Found from where the code runs rather than from a fixed `../..`, so it is the
 * same whether this module is src/util/paths.ts (tsx, vitest) or part of the dist/main.js bundle.
 */
export const PACKAGE_ROOT: URL = findPackageRoot(new URL('.', import.meta.url));

function findPackageRoot(start: URL): URL {
  for (let dir = start; ; ) {
    if (existsSync(new URL('package.json', dir))) return dir;
    const parent = new URL('..', dir);
    if (parent.href === dir.href) throw new Error(`no package.json above ${fileURLToPath(start)}`);
    dir = parent;
  }
}

/** A file or directory of the package, by its path from the package root ('schemas/', 'config/example.yaml'). */
export function packagePath(relative: string): URL {
  return new URL(relative, PACKAGE_ROOT);
}

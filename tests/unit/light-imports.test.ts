/**
 * Start-up cost is part of the interface: `studyguide --version` and a build whose guides are all
 * up to date must not load Puppeteer, pdf-lib, Handlebars, markdown-it or the language
 * library. This follows the static imports (not `import type`, not `await import()`) of the
 * entry points through src/ and lists the packages they reach.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

const HEAVY = ['puppeteer-core', 'pdf-lib', 'handlebars', 'zod', 'markdown-it', 'compromise', 'yaml', 'gray-matter'];
/**
 * build() may load zod: every build validates its options with the one option schema (zod, about
 * 50 ms to load, measured), as the CLI does before a command runs. --version and --help do not.
 */
const ALLOWED: Record<string, string[]> = { 'src/build/build.ts': ['zod'] };

/** Static, value-importing module specifiers of one file. */
function staticImports(source: string): string[] {
  const specifiers: string[] = [];
  const pattern =
    /^\s*(?:import\s+['"]([^'"]+)['"]|(?:import|export)\s+(type\s+)?([^'";]*?)\s+from\s+['"]([^'"]+)['"])/gm;
  for (const [, bare, typeOnly, clause = '', from] of source.matchAll(pattern)) {
    if (bare) {
      specifiers.push(bare);
      continue;
    }
    if (typeOnly) continue;
    // `import { type A, type B } from` imports nothing at run time either.
    const braces = /^\{([^}]*)\}$/.exec(clause.trim())?.[1];
    const names =
      braces
        ?.split(',')
        .map((n) => n.trim())
        .filter(Boolean) ?? [];
    if (names.length > 0 && names.every((n) => n.startsWith('type '))) continue;
    specifiers.push(from as string);
  }
  return specifiers;
}

/** Every package reached from `entry` through static imports. */
function packagesReached(entry: string): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) walk(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')), [...chain, file]);
      else if (!spec.startsWith('node:')) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
        if (!reached.has(name))
          reached.set(
            name,
            [...chain, file].map((f) => path.relative(ROOT, f)),
          );
      }
    }
  };
  walk(path.join(ROOT, entry), []);
  return reached;
}

describe('what start-up loads', () => {
  it('finds static imports and skips type-only ones', () => {
    expect(
      staticImports(
        [
          "import a from 'a';",
          "import { b } from 'b';",
          "import type { C } from 'c';",
          "import { type D } from 'd';",
          "export { e } from './e.js';",
          "export type { F } from 'f';",
          "import 'g';",
          "const h = await import('h');",
        ].join('\n'),
      ),
    ).toEqual(['a', 'b', './e.js', 'g']);
  });

  for (const entry of ['src/cli/main.ts', 'src/build/build.ts']) {
    it(`${entry} reaches none of the heavy packages statically`, () => {
      const reached = packagesReached(entry);
      const heavy = HEAVY.filter((name) => reached.has(name) && !ALLOWED[entry]?.includes(name)).map(
        (name) => `${name} via ${reached.get(name)?.join(' → ')}`,
      );
      expect(heavy).toEqual([]);
    });
  }
});

/**
 * Fonts come from @fontsource npm packages and are served to the page from
 * memory (see pdf/asset-server.ts), so a PDF never depends on the machine's fonts
 * and nothing is fetched from the network. Each face keeps its unicode-range, so
 * Chromium loads only the subsets a page uses and the build can tell, before
 * printing, whether every character has a font.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export interface FontFamilySpec {
  family: string;
  pkg: string;
  /** fontsource CSS files to read (weights and styles). */
  css: string[];
}

export const FONT_FAMILIES: readonly FontFamilySpec[] = [
  {
    family: 'Source Serif 4',
    pkg: '@fontsource/source-serif-4',
    css: ['400.css', '400-italic.css', '600.css', '700.css', '700-italic.css'],
  },
  {
    family: 'Source Sans 3',
    pkg: '@fontsource/source-sans-3',
    css: ['400.css', '400-italic.css', '600.css', '700.css'],
  },
  {
    family: 'Atkinson Hyperlegible',
    pkg: '@fontsource/atkinson-hyperlegible',
    css: ['400.css', '400-italic.css', '700.css', '700-italic.css'],
  },
  { family: 'Noto Naskh Arabic', pkg: '@fontsource/noto-naskh-arabic', css: ['400.css', '700.css'] },
];

/** The families a page may use, in fallback order. */
export const FONT_STACKS = {
  regular: ['Source Serif 4', 'Source Sans 3', 'Noto Naskh Arabic'],
  largePrint: ['Atkinson Hyperlegible', 'Noto Naskh Arabic'],
} as const;

export interface FontFace {
  family: string;
  style: string;
  weight: string;
  /** Absolute path of the woff2 file. */
  file: string;
  /** URL path the page requests it at. */
  url: string;
  ranges: Array<[number, number]>;
}

const FACE = /@font-face\s*{([^}]*)}/g;
const prop = (block: string, name: string) => new RegExp(`${name}:\\s*([^;]+);`).exec(block)?.[1]?.trim();

export const FONT_URL_PREFIX = '/assets/fonts/';

function parseRanges(value: string | undefined): Array<[number, number]> {
  if (!value) return [[0, 0x10ffff]];
  return value.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = parseInt(from ?? '0', 16);
    return [start, to === undefined ? start : parseInt(to, 16)];
  });
}

let cachedFaces: FontFace[] | undefined;

/** Every bundled font face, read from the fontsource packages' CSS. */
export function fontFaces(): FontFace[] {
  if (cachedFaces) return cachedFaces;
  const faces: FontFace[] = [];
  for (const spec of FONT_FAMILIES) {
    const dir = path.dirname(require.resolve(`${spec.pkg}/package.json`));
    for (const cssFile of spec.css) {
      const css = readFileSync(path.join(dir, cssFile), 'utf8');
      for (const match of css.matchAll(FACE)) {
        const block = match[1] ?? '';
        const woff2 = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
        if (!woff2) continue;
        faces.push({
          family: spec.family,
          style: prop(block, 'font-style') ?? 'normal',
          weight: prop(block, 'font-weight') ?? '400',
          file: path.join(dir, 'files', woff2),
          url: `${FONT_URL_PREFIX}${woff2}`,
          ranges: parseRanges(prop(block, 'unicode-range')),
        });
      }
    }
  }
  cachedFaces = faces;
  return faces;
}

/** @font-face rules for the given families, pointing at the asset server. */
export function fontFaceCss(families: readonly string[]): string {
  return fontFaces()
    .filter((f) => families.includes(f.family))
    .map(
      (f) =>
        `@font-face{font-family:'${f.family}';font-style:${f.style};font-weight:${f.weight};font-display:block;` +
        `src:url(${f.url}) format('woff2');unicode-range:${f.ranges
          .map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`))
          .join(',')};}`,
    )
    .join('\n');
}

/** Characters of `text` that none of the families covers (whitespace and controls aside). */
export function uncoveredCharacters(text: string, families: readonly string[]): string[] {
  const ranges = fontFaces()
    .filter((f) => families.includes(f.family))
    .flatMap((f) => f.ranges);
  const missing = new Set<string>();
  const seen = new Set<number>();
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (seen.has(cp)) continue;
    seen.add(cp);
    if (cp < 0x21 || (cp >= 0x7f && cp <= 0xa0) || /\s/u.test(char) || isInvisible(cp)) continue;
    if (!ranges.some(([a, b]) => cp >= a && cp <= b)) missing.add(char);
  }
  return [...missing];
}

function isInvisible(cp: number): boolean {
  // Joiners, direction marks and the BOM have no glyph to draw.
  return (
    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0xfeff
  );
}

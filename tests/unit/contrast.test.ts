/**
 * Every text colour in the print stylesheets reads at WCAG AA (4.5:1) on paper
 * white and on the tint used behind teacher notes and fact boxes; marks that
 * carry meaning without text (coverage circles) reach 3:1 (WCAG 1.4.11).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

const css = (name: string) => readFileSync(path.join(ROOT, 'templates', 'styles', name), 'utf8');
const PRINT = css('print.css');
const LARGE = css('large-print.css');

function customProperties(...sheets: string[]): Map<string, string> {
  const vars = new Map<string, string>();
  for (const sheet of sheets) {
    for (const root of sheet.matchAll(/:root\s*{([^}]*)}/g)) {
      for (const [, name, value] of (root[1] ?? '').matchAll(/(--[\w-]+):\s*([^;]+);/g))
        vars.set(name ?? '', (value ?? '').trim());
    }
  }
  return vars;
}

function resolve(value: string, vars: Map<string, string>): string {
  return value.replace(/var\((--[\w-]+)\)/g, (_, name: string) => vars.get(name) ?? `unresolved ${name}`).trim();
}

function rgb(hex: string): [number, number, number] {
  let h = hex.replace('#', '');
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  if (!/^[0-9a-f]{6}$/i.test(h)) throw new Error(`not a hex colour: ${hex}`);
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Resolved values of a property (e.g. `color`, not `background-color`) in the given sheets. */
function declared(property: string, vars: Map<string, string>, ...sheets: string[]): string[] {
  const pattern = new RegExp(`(?<![\\w-])${property}:\\s*([^;}]+)`, 'g');
  const values = sheets.flatMap((sheet) => [...sheet.matchAll(pattern)].map((m) => resolve(m[1] ?? '', vars)));
  return [...new Set(values)].filter((v) => !/^(currentColor|inherit|transparent|none)$/i.test(v));
}

describe('contrast of the print palette', () => {
  it('computes WCAG contrast ratios correctly', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  for (const [name, sheets] of [
    ['regular', [PRINT]],
    ['large print', [PRINT, LARGE]],
  ] as const) {
    const vars = customProperties(...sheets);
    const white = '#ffffff';
    const tint = resolve('var(--tint)', vars);
    const ink = resolve('var(--ink)', vars);

    it(`${name}: every text colour reaches 4.5:1 on white and on the tint`, () => {
      const colours = declared('color', vars, ...sheets).filter((c) => c !== '#fff' && c !== '#ffffff');
      expect(colours.length).toBeGreaterThan(3);
      for (const colour of colours) {
        expect(contrast(colour, white), `${colour} on white`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(colour, tint), `${colour} on ${tint}`).toBeGreaterThanOrEqual(4.5);
      }
    });

    it(`${name}: white text sits on ink (the "sources differ" label) at 4.5:1`, () => {
      expect(PRINT).toMatch(/\.verdict-differ \.verdict \{\s*background: var\(--ink\);\s*color: #fff;\s*\}/);
      expect(contrast('#ffffff', ink)).toBeGreaterThanOrEqual(4.5);
    });

    it(`${name}: SVG text fills reach 4.5:1`, () => {
      for (const fill of declared('fill', vars, ...sheets))
        expect(contrast(fill, white), fill).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('the coverage marks and answer lines reach 3:1 as graphical objects', () => {
    const vars = customProperties(PRINT);
    const silent = /\.coverage-cell\.is-silent \.mark \{\s*border-color: (#[0-9a-f]+)/i.exec(PRINT)?.[1];
    const line = /\.answer-line \{[^}]*border-bottom: [\d.]+pt solid (#[0-9a-f]+)/i.exec(PRINT)?.[1];
    expect(silent).toBeDefined();
    expect(line).toBeDefined();
    for (const colour of [silent ?? '', line ?? '', resolve('var(--ink)', vars)]) {
      expect(contrast(colour, '#ffffff'), colour).toBeGreaterThanOrEqual(3);
    }
  });
});

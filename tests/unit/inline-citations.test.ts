/**
 * Inline citations are found in one pass. Regression: the pattern let a source id run over "[",
 * so a body of "[@[@[@…" was searched from every "[@" to the end (quadratic), and each citation's
 * line was counted from the start of the body again (quadratic in the number of citations); an
 * 80 KB body of such markup kept `check` busy for minutes.
 */
import { describe, expect, it } from 'vitest';
import { findInlineCitations } from '../../src/content/inline-citations.js';
import { renderMarkdown } from '../../src/render/markdown.js';

describe('inline citations', () => {
  it('finds each citation with its source, quote, offset and line', () => {
    const body = 'One [@a "first quote"].\n\nTwo [@news-feature "second, “quoted”"] and [@b "x"].\n';
    expect(findInlineCitations(body)).toEqual([
      { source: 'a', quote: 'first quote', offset: 4, line: 1 },
      { source: 'news-feature', quote: 'second, “quoted”', offset: 29, line: 3 },
      { source: 'b', quote: 'x', offset: 68, line: 3 },
    ]);
  });

  it('an 80 KB body of unclosed "[@" markup holds no citation and renders as text', () => {
    const body = '[@'.repeat(40_000);
    expect(findInlineCitations(body)).toEqual([]);
    expect(renderMarkdown(body)).toContain('[@[@[@');
  });

  it('counts lines for 10,000 citations in one pass: the last one is on line 10,000', () => {
    const body = '[@notes "worked through the night"]\n'.repeat(10_000);
    const found = findInlineCitations(body);
    expect(found).toHaveLength(10_000);
    expect(found.at(-1)).toMatchObject({ line: 10_000, offset: body.length - 36 });
  });

  it('an id longer than any source id can be is not a citation', () => {
    expect(findInlineCitations(`[@${'a'.repeat(129)} "q"]`)).toEqual([]);
    expect(findInlineCitations(`[@${'a'.repeat(128)} "q"]`)).toHaveLength(1);
  });
});

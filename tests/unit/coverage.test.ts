import { describe, expect, it } from 'vitest';
import { buildCoverage } from '../../src/render/coverage.js';

const sources = [
  { id: 'festival', letter: 'A', title: 'Festival synopsis' },
  { id: 'news', letter: 'B', title: 'News feature' },
];

describe('buildCoverage', () => {
  const coverage = buildCoverage(
    sources,
    [
      { name: 'Khaled', mentionedIn: [{ id: 'festival' }, { id: 'news' }] },
      { name: 'Subhi', mentionedIn: [{ id: 'festival' }] },
    ],
    [{ topic: 'Awards', sourceIds: ['news'] }],
  );

  it('has one row per person and per topic, one cell per source, in source order', () => {
    expect(coverage.groups.map((g) => g.heading)).toEqual(['People', 'Comparison topics']);
    expect(coverage.groups[0]?.rows.map((r) => r.label)).toEqual(['Khaled', 'Subhi']);
    expect(coverage.groups[1]?.rows[0]?.cells.map((c) => c.letter)).toEqual(['A', 'B']);
    expect(coverage.columns).toBe(4);
  });

  it('marks who and what each source mentions, with words for screen readers', () => {
    const subhi = coverage.groups[0]?.rows[1];
    expect(subhi?.cells.map((c) => [c.letter, c.mentioned, c.text])).toEqual([
      ['A', true, 'Mentioned'],
      ['B', false, 'Not mentioned'],
    ]);
    expect(subhi?.count).toBe(1);
    const awards = coverage.groups[1]?.rows[0];
    expect(awards?.cells.map((c) => c.mentioned)).toEqual([false, true]);
    expect(coverage.groups[0]?.rows[0]?.count).toBe(2);
  });

  it('leaves out a group with no rows', () => {
    const onlyPeople = buildCoverage(sources, [{ name: 'Khaled', mentionedIn: [] }], []);
    expect(onlyPeople.groups.map((g) => g.heading)).toEqual(['People']);
    expect(onlyPeople.groups[0]?.rows[0]?.cells.every((c) => c.text === 'Not mentioned')).toBe(true);
  });
});

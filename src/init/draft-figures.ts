/** Draft comparison rows for figures and a draft timeline from the years the sources give. */
import type { ComparisonTopicT, TimelineEventT } from '../content/schema.js';
import type { Figure, YearMention } from './find-figures.js';
import { DRAFT, MAX_ROW_SOURCES } from './draft-people.js';
import { shorten } from './text-units.js';

export interface FigureGroup {
  label: string;
  key: string;
  /** The first figure of this kind in each source that gives it. */
  bySource: Figure[];
}

const MAX_FIGURE_ROWS = 12;
const MAX_YEARS = 12;

/** The word after a number that says what it counts, made comparable ("volunteers" = "volunteer"). */
function unitKey(figure: Figure): string {
  const words = figure.label
    .toLowerCase()
    .split(/\s+/u)
    .slice(figure.key.includes(' ') ? figure.key.split(' ').length : 1);
  const head = words.filter((w) => w !== 'of').pop() ?? '';
  return head.replace(/(?<=[a-z]{3})s$/u, '');
}

/** Figures with the same number and the same thing counted, across sources; figures written in digits first. */
export function groupFigures(figures: readonly Figure[]): FigureGroup[] {
  const groups = new Map<string, FigureGroup>();
  for (const figure of figures) {
    const key = `${figure.key} ${unitKey(figure)}`.trim();
    const group = groups.get(key) ?? { label: figure.label, key, bySource: [] };
    if (!group.bySource.some((f) => f.source === figure.source)) group.bySource.push(figure);
    groups.set(key, group);
  }
  const all = [...groups.values()];
  const digits = all.filter((g) => /\d/u.test(g.key));
  const words = all.filter((g) => !/\d/u.test(g.key));
  return [...digits, ...words].slice(0, MAX_FIGURE_ROWS);
}

export function figureRows(groups: readonly FigureGroup[], sourceCount: number): ComparisonTopicT[] {
  return groups.map((group) => ({
    topic: `Figure: ${shorten(group.label, 120)}`,
    verdict: group.bySource.length > 1 ? 'partial' : 'single-source',
    note:
      `${DRAFT} given by ${group.bySource.length} of ${sourceCount} source${sourceCount === 1 ? '' : 's'}. ` +
      'Say what the number counts, when, and on whose authority; set the verdict.',
    sources: group.bySource.slice(0, MAX_ROW_SOURCES).map((f) => ({
      source: f.source,
      says: `${DRAFT} gives ${shorten(f.label, 120)}.`,
      quote: f.quote.text,
    })),
  }));
}

export function draftTimeline(years: readonly YearMention[]): TimelineEventT[] {
  const byYear = new Map<number, YearMention[]>();
  for (const y of years) {
    const list = byYear.get(y.year);
    if (list) list.push(y);
    else byYear.set(y.year, [y]);
  }
  return [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .slice(0, MAX_YEARS)
    .map(([year, mentions]) => ({
      when: String(year),
      label: `${DRAFT} what happened in ${year}? ${shorten(mentions[0]?.quote.text ?? '', 160)}`,
      citations: dedupe(mentions.map((m) => ({ source: m.source, quote: m.quote.text }))).slice(0, 3),
    }));
}

function dedupe<T extends { source: string; quote: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = `${i.source}\u0000${i.quote}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

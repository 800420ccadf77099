/**
 * The source coverage matrix: for each featured person and each comparison
 * topic, which sources mention it. People count as mentioned when a source
 * names them by any listed spelling (see content/find-mentions.ts); topics when
 * the comparison quotes that source on them.
 */

export interface CoverageSource {
  id: string;
  letter: string;
  title: string;
}

export interface CoverageCell {
  letter: string;
  sourceTitle: string;
  mentioned: boolean;
  /** What a screen reader says for the mark. */
  text: 'Mentioned' | 'Not mentioned';
}

export interface CoverageRow {
  label: string;
  cells: CoverageCell[];
  /** How many sources mention it. */
  count: number;
}

export interface CoverageGroup {
  heading: string;
  rows: CoverageRow[];
}

export interface Coverage {
  sources: CoverageSource[];
  groups: CoverageGroup[];
  /** Columns of the printed table: the item, one per source, the count. */
  columns: number;
}

interface PersonInput {
  name: string;
  mentionedIn: ReadonlyArray<{ id: string }>;
}
interface TopicInput {
  topic: string;
  /** Source ids the comparison quotes on this topic. */
  sourceIds: readonly string[];
}

function row(label: string, sources: readonly CoverageSource[], mentions: ReadonlySet<string>): CoverageRow {
  const cells = sources.map((s): CoverageCell => {
    const mentioned = mentions.has(s.id);
    return { letter: s.letter, sourceTitle: s.title, mentioned, text: mentioned ? 'Mentioned' : 'Not mentioned' };
  });
  return { label, cells, count: cells.filter((c) => c.mentioned).length };
}

export function buildCoverage(
  sources: readonly CoverageSource[],
  people: readonly PersonInput[],
  topics: readonly TopicInput[],
): Coverage {
  const groups: CoverageGroup[] = [
    { heading: 'People', rows: people.map((p) => row(p.name, sources, new Set(p.mentionedIn.map((s) => s.id)))) },
    { heading: 'Comparison topics', rows: topics.map((t) => row(t.topic, sources, new Set(t.sourceIds))) },
  ].filter((g) => g.rows.length > 0);
  return { sources: sources.map((s) => ({ ...s })), groups, columns: sources.length + 2 };
}

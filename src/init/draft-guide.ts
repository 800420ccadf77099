/**
 * The draft guide.md: candidate people, figures, quoted speech, a comparison
 * table, placeholder questions and a placeholder synopsis, every item marked
 * DRAFT, every quote sliced from the source text so that it verifies.
 */
import { stringify } from 'yaml';
import { GuideFrontMatter } from '../content/schema.js';
import { analyseText } from './analyse-text.js';
import { draftTimeline, figureRows, groupFigures } from './draft-figures.js';
import { DRAFT, draftPeople, personRows, type SourceInfo } from './draft-people.js';
import { draftQuestions } from './draft-questions.js';
import { draftSynopsis } from './draft-synopsis.js';
import { findFigures, findQuotedSpeech } from './find-figures.js';
import { findNameMentions, lowercaseWordsOf } from './find-names.js';
import { groupNames } from './group-names.js';
import type { ImportedSource } from './import-source.js';

const MAX_PEOPLE = 40;
const MAX_PEOPLE_ROWS = 20;

export interface DraftSummary {
  people: number;
  figures: number;
  quotations: number;
  questions: number;
}

export interface DraftedGuide {
  /** The whole guide.md. */
  text: string;
  summary: DraftSummary;
}

export function draftGuide(title: string, sources: readonly ImportedSource[]): DraftedGuide {
  const infos: SourceInfo[] = sources.map((s) => ({
    id: s.id,
    title: s.meta.title,
    analysed: analyseText(s.id, s.body),
  }));
  const analysed = infos.map((i) => i.analysed);
  const lowercase = lowercaseWordsOf(analysed);
  const mentions = analysed.flatMap((a) => findNameMentions(a, lowercase));
  const speech = analysed.flatMap((a) => findQuotedSpeech(a, mentions));
  const people = draftPeople(groupNames(mentions).slice(0, MAX_PEOPLE), infos, speech);
  const found = analysed.map((a) => findFigures(a));
  const figures = groupFigures(found.flatMap((f) => f.figures));
  const questions = draftQuestions(title, people, figures, speech);
  const meta = {
    title,
    subtitle: `${DRAFT} a study guide drafted by studyguide init. Review every item marked DRAFT.`,
    language: 'en',
    author: `${DRAFT} your name or school`,
    keywords: [],
    work: { title, kind: `${DRAFT} documentary, film, novel, play…`, makers: [] },
    audience: `${DRAFT} who the guide is for, e.g. Grades 9–12 (ages 14–18)`,
    subjects: [],
    advisory: `${DRAFT} what students will see or read that may upset them, and how to prepare them.`,
    objectives: [`${DRAFT} what students should be able to do after using this guide.`],
    people: people.map((p) => p.person),
    questions,
    comparison: [...personRows(people.slice(0, MAX_PEOPLE_ROWS), infos.length), ...figureRows(figures, infos.length)],
    timeline: draftTimeline(found.flatMap((f) => f.years)),
    glossary: [],
  };
  // Fail here, with the schema's message, rather than write a guide that does not load.
  GuideFrontMatter.parse(meta);
  const header = [
    `# DRAFT study guide made by \`studyguide init\` from ${sources.length} source${sources.length === 1 ? '' : 's'}: ${sources.map((s) => s.id).join(', ')}.`,
    '# Every value starting with "DRAFT:" is a guess or a placeholder: rewrite it, or delete the item.',
    '# people: capitalised names that recur (or have several words); spellings that look alike are grouped as aliases.',
    '#   Check each group: split people wrongly merged, merge people split, delete names that are not people.',
    '# comparison: a row per candidate person and per figure; a source left out of a row prints "Not mentioned".',
    '# Quotes are copied from the sources, verbatim. Run `studyguide check` after editing.',
  ];
  const yaml = stringify(meta, { lineWidth: 100, minContentWidth: 40 });
  return {
    text: `---\n${header.join('\n')}\n${yaml}---\n${draftSynopsis(infos)}`,
    summary: {
      people: people.length,
      figures: figures.length,
      quotations: speech.length,
      questions: questions.length,
    },
  };
}

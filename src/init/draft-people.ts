/** Draft people and their comparison rows from grouped names and quoted speech. */
import type { ComparisonTopicT, PersonT } from '../content/schema.js';
import type { AnalysedText } from './analyse-text.js';
import type { QuotedSpeech } from './find-figures.js';
import type { PersonCandidate } from './group-names.js';
import { slugify } from './import-source.js';
import { quoteAround, shorten } from './text-units.js';

export const DRAFT = 'DRAFT:';

export interface SourceInfo {
  id: string;
  title: string;
  analysed: AnalysedText;
}

export interface DraftedPerson {
  candidate: PersonCandidate;
  person: PersonT;
  /** Per source that names the person: where it first does, and how it spells the name. */
  firstMentions: { source: string; form: string; quote: string }[];
}

const MAX_QUOTED_FACTS = 4;
/** The schema's limits: aliases per person, facts per person, sources per comparison row. */
const MAX_ALIASES = 30;
const MAX_FACTS = 100;
export const MAX_ROW_SOURCES = 50;

export function draftPeople(
  candidates: readonly PersonCandidate[],
  sources: readonly SourceInfo[],
  speech: readonly QuotedSpeech[],
): DraftedPerson[] {
  const taken = new Set<string>();
  return candidates.map((candidate) => {
    let id = slugify(candidate.name, 'person');
    for (let n = 2; taken.has(id); n++) id = `${slugify(candidate.name, 'person')}-${n}`;
    taken.add(id);
    const firstMentions = sources.flatMap((source) => {
      const first = candidate.mentions.find((m) => m.source === source.id);
      if (!first) return [];
      const sentence = source.analysed.sentences[first.sentence];
      if (!sentence) return [];
      return [
        {
          source: source.id,
          form: first.form,
          quote: quoteAround(source.analysed.text, sentence, first.start, first.end).text,
        },
      ];
    });
    const titleOf = (id: string) => sources.find((s) => s.id === id)?.title ?? id;
    const own = new Set(candidate.mentions);
    const said = speech.filter((q) => q.speaker && own.has(q.speaker)).slice(0, MAX_QUOTED_FACTS);
    const spellings = [candidate.name, ...candidate.aliases];
    const person: PersonT = {
      id,
      name: candidate.name,
      aliases: candidate.aliases.slice(0, MAX_ALIASES),
      role: `${DRAFT} who is ${candidate.name}? Give their role in a few words.`,
      description:
        `${DRAFT} candidate found by \`studyguide init\`: named ${candidate.mentions.length} time${candidate.mentions.length === 1 ? '' : 's'} ` +
        `in ${firstMentions.length} of ${sources.length} source${sources.length === 1 ? '' : 's'}` +
        (spellings.length > 1
          ? `, spelled ${spellings
              .slice(0, MAX_ALIASES)
              .map((s) => `“${s}”`)
              .join(', ')}`
          : '') +
        '. Check that these spellings are one person (split or merge entries if not), write a short description, or delete this entry if it is not a person.',
      facts: [
        ...firstMentions.slice(0, MAX_FACTS - said.length).map((m) => ({
          text: `${DRAFT} first named in “${shorten(titleOf(m.source), 48)}” as ${m.form}.`,
          citations: [{ source: m.source, quote: m.quote }],
        })),
        ...said.map((q) => ({
          text: `${DRAFT} quoted in “${shorten(titleOf(q.source), 48)}”: “${shorten(q.words.text, 160)}”`,
          citations: [{ source: q.source, quote: q.quote.text }],
        })),
      ],
    };
    return { candidate, person, firstMentions };
  });
}

export function personRows(people: readonly DraftedPerson[], sourceCount: number): ComparisonTopicT[] {
  return people.map(({ person, firstMentions }) => ({
    topic: person.name,
    verdict: firstMentions.length > 1 ? 'partial' : 'single-source',
    note:
      `${DRAFT} named in ${firstMentions.length} of ${sourceCount} source${sourceCount === 1 ? '' : 's'}. ` +
      'Say where the sources agree, differ or stay silent about this person, set the verdict, and rewrite each entry below.',
    sources: firstMentions.slice(0, MAX_ROW_SOURCES).map((m) => ({
      source: m.source,
      says: `${DRAFT} names ${m.form}.`,
      quote: m.quote,
    })),
  }));
}

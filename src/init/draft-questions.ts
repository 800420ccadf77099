/** Placeholder discussion questions by stage, tied to what the sources contain, for the teacher to replace. */
import type { QuestionT } from '../content/schema.js';
import type { FigureGroup } from './draft-figures.js';
import { DRAFT, type DraftedPerson } from './draft-people.js';
import type { QuotedSpeech } from './find-figures.js';
import { shorten } from './text-units.js';

const MAX_QUOTE_QUESTIONS = 2;
/** Citations one question may carry (the schema's limit). */
const MAX_CITATIONS = 20;

export function draftQuestions(
  work: string,
  people: readonly DraftedPerson[],
  figures: readonly FigureGroup[],
  speech: readonly QuotedSpeech[],
): QuestionT[] {
  const replace = `${DRAFT} a placeholder question. Replace the prompt and these notes with your own, or delete it.`;
  const questions: QuestionT[] = [
    {
      stage: 'before',
      level: 'recall',
      prompt: `${DRAFT} What do you already know about the subject of ${work}? Write down two things you know and one question you hope it answers.`,
      teacher_notes: replace,
      answer_lines: 3,
      citations: [],
    },
    {
      stage: 'before',
      level: 'understanding',
      prompt: `${DRAFT} Read the opening of one of the sources. What kind of text is it, who might have written it, and for whom?`,
      teacher_notes: `${replace} Useful for a first look at each source's purpose and point of view.`,
      answer_lines: 3,
      citations: [],
    },
  ];
  const asked = speech.filter((s) => s.words.text.split(/\s+/u).length >= 4).slice(0, MAX_QUOTE_QUESTIONS);
  for (const q of asked) {
    questions.push({
      stage: 'during',
      level: 'understanding',
      prompt: `${DRAFT} Who says “${shorten(q.words.text, 200)}”, and what does it tell you about them?`,
      teacher_notes: `${replace} ${q.speaker ? `The source gives the speaker as ${q.speaker.form}.` : 'The source does not name the speaker in the same sentence.'}`,
      answer_lines: 3,
      citations: [{ source: q.source, quote: q.quote.text }],
    });
  }
  const bank = quotationBank(speech.filter((q) => !asked.includes(q)));
  if (bank) questions.push(bank);
  const figure = figures[0];
  const firstFigure = figure?.bySource[0];
  if (figure && firstFigure) {
    questions.push({
      stage: 'during',
      level: 'analysis',
      prompt: `${DRAFT} One source gives the figure “${shorten(figure.label, 120)}”. What does it count, and how does the number change the way you see the events?`,
      teacher_notes: `${replace} Ask where the number comes from and whether the other sources confirm it (see the comparison table).`,
      answer_lines: 4,
      citations: [{ source: firstFigure.source, quote: firstFigure.quote.text }],
    });
  }
  if (questions.every((q) => q.stage !== 'during')) {
    questions.push({
      stage: 'during',
      level: 'recall',
      prompt: `${DRAFT} Note one moment that surprised you and one that you found hard to understand.`,
      teacher_notes: replace,
      answer_lines: 3,
      citations: [],
    });
  }
  const main = people[0];
  questions.push({
    stage: 'after',
    level: 'analysis',
    prompt: main
      ? `${DRAFT} Compare how the sources present ${main.person.name}. Where do they agree, where do they differ, and where are they silent?`
      : `${DRAFT} Compare the sources. Where do they agree, where do they differ, and where are they silent?`,
    teacher_notes: `${replace} The comparison table lists what each source says, with quotes.`,
    answer_lines: 5,
    citations: main ? main.firstMentions.slice(0, 4).map((m) => ({ source: m.source, quote: m.quote })) : [],
  });
  questions.push({
    stage: 'after',
    level: 'evaluation',
    prompt: `${DRAFT} Which source would you trust most for facts about ${work}, and why? Use evidence from at least two sources.`,
    teacher_notes: replace,
    answer_lines: 6,
    citations: [],
  });
  return questions;
}

/** One question that carries every other quotation in the sources, so that none is lost from the draft. */
function quotationBank(speech: readonly QuotedSpeech[]): QuestionT | undefined {
  const seen = new Set<string>();
  const unique = speech.filter((q) => {
    const key = `${q.source}\u0000${q.quote.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const kept = unique.slice(0, MAX_CITATIONS);
  if (kept.length === 0) return undefined;
  const lines = kept.map(
    (q, i) =>
      `${i + 1}. “${shorten(q.words.text, 160)}”: ${q.speaker ? `spoken by ${q.speaker.form}, the source says` : 'the speaker is not named in the sentence'}.`,
  );
  const more =
    unique.length > kept.length ? `\n\n${unique.length - kept.length} more quotations are not listed here.` : '';
  return {
    stage: 'during',
    level: 'analysis',
    prompt: `${DRAFT} Choose one of the quotations below. Who says it, to whom, and why does it matter?`,
    teacher_notes: `${DRAFT} every other quotation the sources contain, for you to build questions from; replace this placeholder.\n\n${lines.join('\n')}${more}`,
    answer_lines: 4,
    citations: kept.map((q) => ({ source: q.source, quote: q.quote.text })),
  };
}

/**
 * The content format. This file is the single source of truth: TypeScript
 * types come from `z.infer`, `schema/*.schema.json` is generated from it
 * (`npm run schema`), and docs/content-format.md is checked against it.
 */
import { z } from 'zod';

export { isSafeName, MAX_ID, RESERVED_HINT, SLUG_PATTERN, WINDOWS_RESERVED } from './names.js';
import { MAX_ID, SLUG_PATTERN } from './names.js';

export const Id = z
  .string()
  .max(MAX_ID)
  .regex(SLUG_PATTERN, 'use lower-case letters, digits and hyphens only (e.g. "news-feature")');

const Text = z.string().trim().min(1, 'must not be empty');

export const Citation = z
  .object({
    source: Id.describe('The id of a source in sources/ (its file name without .md).'),
    quote: Text.max(2000).describe(
      'A verbatim excerpt of that source. Whitespace, typographic quotes and dashes are folded; everything else must match exactly.',
    ),
  })
  .strict()
  .describe('A claim tied to a source, proved by a verbatim quote.');

export const SourceKind = z.enum([
  'review',
  'synopsis',
  'article',
  'interview',
  'press-release',
  'summary',
  'transcript',
  'book',
  'other',
]);

export const SourceFrontMatter = z
  .object({
    id: Id.describe('Must equal the file name without .md.'),
    title: Text.max(300).describe('A descriptive title for the source, as readers will see it.'),
    kind: SourceKind.describe('What sort of document it is.'),
    author: Text.max(200).optional().describe('Who wrote it, when known.'),
    publisher: Text.max(200).optional().describe('Where it was published, when known.'),
    url: z
      // Only web addresses: a javascript:, file: or data: URL would become a live link in the HTML and the PDF.
      .url({ protocol: /^https?$/, error: 'must be a web address starting with http:// or https://' })
      .max(2000)
      .optional()
      .describe('Where it can be read, as an http:// or https:// address (printed, never fetched).'),
    accessed: z.iso.date().optional().describe('When the source was read, as YYYY-MM-DD.'),
    published: Text.max(40).optional().describe('Publication date as the source gives it.'),
    note: Text.max(1000).optional().describe('A note for teachers about this source (provenance, reliability).'),
  })
  .strict();

export const Maker = z
  .object({
    name: Text.max(200).describe('A person or organisation.'),
    role: Text.max(100).describe('e.g. director, producer, cinematography'),
  })
  .strict();

export const Work = z
  .object({
    title: Text.max(300).describe('Title of the film, book or play the guide is about.'),
    year: z.number().int().min(1000).max(3000).optional().describe('Year of release or publication.'),
    kind: Text.max(60).describe('e.g. documentary, novel, play'),
    makers: z.array(Maker).max(50).default([]).describe('Who made the work, each with a role.'),
    running_time: z.number().int().positive().max(100000).optional().describe('In minutes.'),
    language: Text.max(100).optional().describe('Language(s) of the work, e.g. "Arabic, with English subtitles".'),
    country: Text.max(100).optional().describe('Country or countries of production.'),
  })
  .strict();

export const Fact = z
  .object({
    text: Text.max(1000).describe('The claim, in the guide author’s words.'),
    citations: z.array(Citation).min(1).max(20).describe('Where the sources say so: at least one.'),
  })
  .strict();

export const Person = z
  .object({
    id: Id.describe('A short id for the person, unique in the guide.'),
    name: Text.max(200).describe('The name as the guide prints it.'),
    aliases: z
      .array(Text.max(200))
      .max(30)
      .default([])
      .describe('Other spellings the sources use, in any script. Used to find which sources mention the person.'),
    role: Text.max(200).describe('Who they are in the work, e.g. "White Helmets volunteer".'),
    description: Text.max(3000).describe('Markdown, a short paragraph.'),
    facts: z.array(Fact).max(100).default([]).describe('Claims about the person, each cited.'),
  })
  .strict();

export const Stage = z.enum(['before', 'during', 'after']);
export const Level = z.enum(['recall', 'understanding', 'analysis', 'evaluation', 'creation']);

export const Question = z
  .object({
    stage: Stage.describe('before, during or after viewing/reading'),
    level: Level.describe('Bloom level of thinking the question asks for.'),
    prompt: Text.max(2000).describe('Markdown, one or two sentences.'),
    teacher_notes: Text.max(5000).describe('Markdown. Printed in the teacher edition only.'),
    answer: Text.max(5000)
      .optional()
      .describe('Markdown. A model answer for the answer key (teacher edition only). Defaults to the teacher notes.'),
    answer_lines: z
      .number()
      .int()
      .min(0)
      .max(40)
      .optional()
      .describe('Lines left for the answer in the student edition. Default depends on the level.'),
    citations: z.array(Citation).max(20).default([]).describe('Passages the question refers to.'),
  })
  .strict();

export const SourceSays = z
  .object({
    source: Id.describe('The id of the source.'),
    says: Text.max(1000).describe('What the source says on the topic, in the guide author’s words.'),
    quote: Text.max(2000).describe('A verbatim excerpt of the source that shows it.'),
  })
  .strict();

export const ComparisonTopic = z
  .object({
    topic: Text.max(200).describe('What is compared, e.g. "Khaled\'s family".'),
    note: Text.max(2000).describe('A short note for readers: where the sources agree or differ, and why it matters.'),
    verdict: z
      .enum(['agree', 'differ', 'partial', 'single-source'])
      .describe(
        'agree: the sources that speak say the same; differ: they contradict; partial: they overlap but each adds or omits; single-source: only one source speaks.',
      ),
    sources: z
      .array(SourceSays)
      .max(50)
      .describe('One entry per source that speaks on the topic; a source left out prints as "Not mentioned".'),
  })
  .strict();

export const TimelineEvent = z
  .object({
    when: Text.max(40).describe('A year or date as text, e.g. "2013" or "Jan 2017".'),
    sort: z.number().optional().describe('Numeric sort key when `when` is not a plain year (e.g. 2017.05).'),
    label: Text.max(300).describe('What happened.'),
    citations: z.array(Citation).max(20).default([]).describe('Where the sources say so.'),
  })
  .strict();

export const GlossaryEntry = z
  .object({
    term: Text.max(100).describe('A word students may not know.'),
    definition: Text.max(1000).describe('Its meaning, in plain words.'),
  })
  .strict();

export const GuideFrontMatter = z
  .object({
    title: Text.max(200).describe('The guide’s title (PDF Title, cover).'),
    subtitle: Text.max(300).optional().describe('A line under the title on the cover.'),
    language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'use a BCP 47 language tag such as "en" or "en-GB"')
      .default('en')
      .describe('Language of the guide (PDF language, hyphenation).'),
    author: Text.max(200).default('studyguide').describe('Who prepared the guide (PDF Author).'),
    keywords: z.array(Text.max(60)).max(50).default([]).describe('PDF keywords, besides the work and subjects.'),
    work: Work.describe('The work the guide is about.'),
    audience: Text.max(200).describe('e.g. "Grades 9–12 (ages 14–18)".'),
    subjects: z.array(Text.max(60)).max(20).default([]).describe('School subjects, e.g. History, Citizenship.'),
    advisory: Text.max(2000).describe('Content advisory for teachers and families.'),
    objectives: z.array(Text.max(500)).max(20).default([]).describe('Learning objectives.'),
    people: z.array(Person).max(500).default([]).describe('Character sheets: everyone the sources name.'),
    questions: z.array(Question).max(1000).default([]).describe('Discussion questions.'),
    comparison: z.array(ComparisonTopic).max(200).default([]).describe('Rows of the table comparing the sources.'),
    timeline: z.array(TimelineEvent).max(200).default([]).describe('Events drawn as a timeline.'),
    glossary: z.array(GlossaryEntry).max(300).default([]).describe('Words explained at the end of the booklet.'),
  })
  .strict();

export type CitationT = z.infer<typeof Citation>;
export type SourceMeta = z.infer<typeof SourceFrontMatter>;
export type GuideMeta = z.infer<typeof GuideFrontMatter>;
export type PersonT = z.infer<typeof Person>;
export type QuestionT = z.infer<typeof Question>;
export type ComparisonTopicT = z.infer<typeof ComparisonTopic>;
export type TimelineEventT = z.infer<typeof TimelineEvent>;
export type StageT = z.infer<typeof Stage>;
export type LevelT = z.infer<typeof Level>;

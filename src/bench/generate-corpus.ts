/**
 * A synthetic corpus for the benchmark: N guides that differ in length, people,
 * questions, comparison rows and sources. Every citation quotes a sentence of
 * the generated source text, so every guide passes the citation check. The
 * generator is seeded: the same N gives the same corpus.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

const FIRST = [
  'Amira',
  'Jonas',
  'Leila',
  'Tomás',
  'Nadia',
  'Kwame',
  'Sofia',
  'Yusuf',
  'Ingrid',
  'Mateo',
  'Hana',
  'Oskar',
  'Zainab',
  'Pierre',
  'Mei',
  'Rafael',
];
const LAST = [
  'Haddad',
  'Okafor',
  'Lindqvist',
  'Moreau',
  'Castillo',
  'Nakamura',
  'Petrov',
  'Mensah',
  'Fischer',
  'Rossi',
  'Bauer',
  'Kowalski',
];
const PLACES = [
  'the harbour town',
  'the mountain village',
  'the border city',
  'the old quarter',
  'the river delta',
  'the mining valley',
  'the island',
];
const THINGS = [
  'a flood',
  'a strike',
  'an election',
  'a drought',
  'a school closure',
  'a festival',
  'a long winter',
  'a factory fire',
];
const VERBS = ['remembers', 'describes', 'questions', 'defends', 'records', 'doubts', 'explains', 'recounts'];
const KINDS = ['documentary', 'novel', 'play', 'memoir'] as const;
const SOURCE_KINDS = ['review', 'article', 'interview', 'summary', 'synopsis'] as const;
const LEVELS = ['recall', 'understanding', 'analysis', 'evaluation', 'creation'] as const;
const STAGES = ['before', 'during', 'after'] as const;
const VERDICTS = ['agree', 'differ', 'partial'] as const;

/** mulberry32: small, seeded, good enough to vary a corpus. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Source {
  id: string;
  sentences: string[];
}

export function guideSlug(index: number): string {
  return `bench-guide-${String(index + 1).padStart(3, '0')}`;
}

/** The files of one guide: relative path → text. */
export function generateGuide(index: number): Map<string, string> {
  const rnd = random(0x5eed + index * 7919);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const size = index % 3; // small, medium, large guides in turn
  const people = Array.from({ length: between(2, 4) + size * 3 }, (_, i) => ({
    id: `person-${i + 1}`,
    name: `${FIRST[(index + i * 5) % FIRST.length]} ${LAST[(index * 3 + i) % LAST.length]}`,
  }));
  const place = pick(PLACES);
  const event = pick(THINGS);
  const sentence = (n: number) => {
    const who = pick(people).name;
    return `${who} ${pick(VERBS)} ${event} in ${place}, in passage ${n} of this account, ${pick(['with care', 'at length', 'in a few words', 'with some anger', 'without comment'])}.`;
  };
  const sources: Source[] = Array.from({ length: between(2, 3) + (size === 2 ? 1 : 0) }, (_, s) => ({
    id: `source-${s + 1}`,
    sentences: Array.from({ length: between(12, 20) + size * 25 }, (_, n) => sentence(n + 1)),
  }));
  const quote = (src: Source = pick(sources)) => ({ source: src.id, quote: pick(src.sentences) });
  const title = `${pick(['Voices of', 'After', 'Letters from', 'Winter in', 'The Last Days of'])} ${place.replace(/^the /, '')} ${index + 1}`;
  const meta = {
    title,
    subtitle: `A study guide (benchmark guide ${index + 1})`,
    language: 'en',
    author: 'studyguide benchmark',
    keywords: [event.replace(/^an? /, ''), place.replace(/^the /, '')],
    work: {
      title,
      year: 1950 + (index % 70),
      kind: KINDS[index % KINDS.length],
      makers: [{ name: people[0]?.name ?? 'Anonymous', role: 'author' }],
    },
    audience: 'Grades 9–12 (ages 14–18)',
    subjects: ['History', 'English'],
    advisory: `This guide was generated for a benchmark. It describes ${event} in ${place} in plain terms.`,
    objectives: Array.from(
      { length: 3 + size },
      (_, i) => `Objective ${i + 1}: explain how the sources describe ${event}, with evidence.`,
    ),
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      role: `A witness of ${event}`,
      description: `${p.name} appears in the sources about ${event} in ${place}. `.repeat(1 + size),
      facts: Array.from({ length: between(1, 3) + size }, () => {
        const src = pick(sources);
        return { text: `${p.name} is mentioned in ${src.id}.`, citations: [quote(src)] };
      }),
    })),
    questions: Array.from({ length: between(4, 8) + size * 6 }, (_, i) => ({
      stage: STAGES[i % STAGES.length],
      level: LEVELS[i % LEVELS.length],
      prompt: `Question ${i + 1}: what does the account say about ${event}, and how far can it be trusted?`,
      teacher_notes: `Look for the passage where ${pick(people).name} speaks. `.repeat(1 + (i % 3)),
      citations: i % 2 === 0 ? [quote()] : [],
    })),
    comparison: Array.from({ length: 1 + size * 2 }, (_, i) => ({
      topic: `Topic ${i + 1}: the causes of ${event}`,
      verdict: VERDICTS[i % VERDICTS.length],
      note: 'The sources overlap on the facts but not on who was responsible.',
      sources: sources
        .slice(0, 2)
        .map((src) => ({ source: src.id, says: `What ${src.id} says.`, ...{ quote: pick(src.sentences) } })),
    })),
    timeline: Array.from({ length: 2 + size }, (_, i) => ({
      when: String(1950 + (index % 70) + i),
      label: `Step ${i + 1} of ${event}`,
      citations: [quote()],
    })),
    glossary: Array.from({ length: 2 + size * 2 }, (_, i) => ({
      term: `Term ${i + 1}`,
      definition: `A word used about ${event}.`,
    })),
  };
  const body = Array.from({ length: 2 + size * 3 }, (_, p) => {
    const src = pick(sources);
    const q = pick(src.sentences);
    return `Paragraph ${p + 1}. The sources tell of ${event} in ${place} [@${src.id} "${q}"]. ${'Students should read them side by side and note who speaks. '.repeat(2 + size)}`;
  }).join('\n\n');
  const files = new Map<string, string>();
  files.set('guide.md', `---\n${stringify(meta, { lineWidth: 0 })}---\n\n${body}\n`);
  for (const [s, src] of sources.entries()) {
    const front = {
      id: src.id,
      title: `Source ${s + 1} about ${event}`,
      kind: SOURCE_KINDS[(index + s) % SOURCE_KINDS.length],
    };
    const paragraphs: string[] = [];
    for (let i = 0; i < src.sentences.length; i += 4) paragraphs.push(src.sentences.slice(i, i + 4).join(' '));
    files.set(`sources/${src.id}.md`, `---\n${stringify(front)}---\n${paragraphs.join('\n\n')}\n`);
  }
  return files;
}

/** Write N guides under `dir` (content/<slug>/...). Returns the slugs. */
export async function writeCorpus(dir: string, guides: number): Promise<string[]> {
  const slugs: string[] = [];
  for (let i = 0; i < guides; i++) {
    const slug = guideSlug(i);
    for (const [rel, text] of generateGuide(i)) {
      const file = path.join(dir, slug, rel);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text);
    }
    slugs.push(slug);
  }
  return slugs;
}

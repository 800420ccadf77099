/**
 * `studyguide init` on the three seed documents (the bundled guide's originals, kept
 * verbatim in tests/fixtures/originals/): the draft groups the spellings the sources
 * use, lists everyone they name, passes check and prints; a second init without
 * --force changes nothing.
 */
import { readdirSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGuide, type LoadedGuide } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { pdfText } from '../helpers/pdf.js';
import { ORIGINALS, tempDir } from '../helpers/paths.js';
import { hashFolder } from './hash-folder.js';

const SLUG = 'seed-draft';
const seeds = readdirSync(ORIGINALS)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => path.join(ORIGINALS, f));

let content: string;
let dir: string;
let guide: LoadedGuide;

describe('init on the seed documents', () => {
  it('has the three original documents to start from', () => {
    expect(seeds.map((f) => path.basename(f))).toEqual([
      '000_1caa1a12f277bfc4.txt',
      '001_d7789cefe8773654.txt',
      '002_455afbce8464e2a4.txt',
    ]);
  });

  beforeAll(async () => {
    content = await tempDir('studyguide-init-');
    dir = path.join(content, SLUG);
    const result = await runCli(['init', SLUG, '--from', ...seeds, '--content', content, '--title', 'Seed draft']);
    expect(result.stderr).toContain(`✓ ${SLUG}: drafted in ${dir}`);
    expect(result.code).toBe(0);
    const loaded = await loadGuide({ slug: SLUG, dir, file: path.join(dir, 'guide.md') });
    expect(loaded.errors).toEqual([]);
    guide = loaded.guide as LoadedGuide;
  });
  afterAll(async () => {
    await rm(content, { recursive: true, force: true });
  });

  const spellings = (name: string) => {
    const person = guide.meta.people.find((p) => p.name === name || p.aliases.includes(name));
    return person ? [person.name, ...person.aliases] : [];
  };

  it('imports each seed as a source, text verbatim', async () => {
    expect(guide.sources.map((s) => s.id)).toEqual([
      '000-1caa1a12f277bfc4',
      '001-d7789cefe8773654',
      '002-455afbce8464e2a4',
    ]);
    for (const [i, source] of guide.sources.entries())
      expect(source.body).toBe(await readFile(seeds[i] as string, 'utf8'));
  });

  it('groups Khalid/Khaled and Mohammed/Mohammaed as one person each', () => {
    expect(spellings('Khaled')).toEqual(expect.arrayContaining(['Khalid', 'Khaled']));
    expect(spellings('Mohammed')).toEqual(expect.arrayContaining(['Mohammed', 'Mohammaed']));
    expect(spellings('Feras Fayyad')).toEqual(['Feras Fayyad', 'Feras Fayyads', 'Fayyad']);
  });

  it('lists Subhi, Mahmoud, Abu Omar, Abu Yousef and Feras Fayyad, and no places or organisations', () => {
    const names = guide.meta.people.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Subhi', 'Mahmoud', 'Abu Omar', 'Abu Yousef', 'Feras Fayyad']));
    for (const notAPerson of [
      'Aleppo',
      'Syria',
      'White Helmets',
      'Aleppo Media Center',
      'Sundance Film Festival',
      'Abu',
    ]) {
      expect(names).not.toContain(notAPerson);
    }
  });

  it('cites, for each person, where each source first names them', () => {
    const khalid = guide.meta.people.find((p) => p.aliases.includes('Khaled') || p.name === 'Khaled');
    expect(guide.mentions.get(khalid?.id ?? '')).toHaveLength(3);
    expect(khalid?.facts.map((f) => f.citations[0]?.quote)).toEqual(
      expect.arrayContaining([
        'The setting is Aleppo city in Syria, and there we meet a man called Khalid Farah, who has a wife and a young daughter.',
        'Khaled is the main character, and though by no means the only hero, one gets attached to his stoic persona.',
      ]),
    );
    const subhi = guide.meta.people.find((p) => p.name === 'Subhi');
    expect(subhi?.facts[0]?.citations).toEqual([
      {
        source: '001-d7789cefe8773654',
        quote:
          'Khaled, Mahmoud and Subhi volunteer with the White Helmets trying to save lives of hundreds of victims in the besieged city of Aleppo during the Syrian Civil War.',
      },
    ]);
  });

  it('drafts figures and quoted speech with the speaker the text gives', () => {
    const topics = guide.meta.comparison.map((t) => t.topic);
    expect(topics).toEqual(
      expect.arrayContaining([
        'Figure: 400,000 Syrians',
        'Figure: 2,900 volunteers',
        'Figure: 200 raids',
        'Figure: thirty volunteers',
      ]),
    );
    const mohammed = guide.meta.people.find((p) => p.name === 'Mohammed');
    expect(
      mohammed?.facts.some(
        (f) =>
          f.text.startsWith('DRAFT: quoted in') &&
          f.citations[0]?.quote.startsWith('Mohammed remarks how "Just by crossing'),
      ),
    ).toBe(true);
    // Every quotation is in the draft: attributed ones as facts, the others as questions' citations.
    const cited = [...guide.meta.people.flatMap((p) => p.facts), ...guide.meta.questions].flatMap((x) =>
      x.citations.map((c) => c.quote),
    );
    expect(cited).toContain('He says "we just hope that the bombing and airstrikes stop."');
    expect(cited.some((q) => q.startsWith('When asked if he was surprised by reports that Assad had gassed'))).toBe(
      true,
    );
    expect(
      guide.meta.questions.find((q) => q.prompt.startsWith('DRAFT: Choose one of the quotations'))?.teacher_notes,
    ).toContain(
      "“Just by crossing the border it's so strange how the situation can change.”: spoken by Mohammed, the source says.",
    );
    const five = guide.meta.comparison.find((t) => t.topic === 'Figure: five years');
    expect(five?.sources.map((s) => s.source)).toEqual(['000-1caa1a12f277bfc4', '001-d7789cefe8773654']);
  });

  it('marks every drafted item as a draft, with questions for each stage', () => {
    const m = guide.meta;
    const texts = [
      m.subtitle,
      m.audience,
      m.advisory,
      ...m.people.flatMap((p) => [p.role, p.description, ...p.facts.map((f) => f.text)]),
      ...m.questions.flatMap((q) => [q.prompt, q.teacher_notes]),
      ...m.comparison.flatMap((t) => [t.note, ...t.sources.map((s) => s.says)]),
      ...m.timeline.map((e) => e.label),
    ];
    for (const text of texts) expect(text).toMatch(/^DRAFT:/);
    expect(new Set(m.questions.map((q) => q.stage))).toEqual(new Set(['before', 'during', 'after']));
    expect(guide.body).toMatch(/^\*\*DRAFT\*\* This synopsis is a placeholder/);
  });

  it('passes check', async () => {
    const result = await runCli(['check', '--content', content]);
    expect(result.stderr).toContain('No problems found.');
    expect(result.code).toBe(0);
  });

  it('refuses a second init without --force and changes nothing', async () => {
    const before = await hashFolder(content);
    const result = await runCli(['init', SLUG, '--from', ...seeds, '--content', content]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${dir}: error: this folder already holds a guide; nothing was changed\n`);
    expect(result.stderr).toContain('pass --force to replace its guide.md and sources/');
    expect(await hashFolder(content)).toBe(before);
  });

  it('with --force, changes nothing when an input cannot be imported', async () => {
    const bad = path.join(content, '..', `${path.basename(content)}-latin1.txt`);
    await writeFile(bad, Buffer.from([0x43, 0x61, 0x66, 0xe9]));
    const before = await hashFolder(content);
    const result = await runCli(['init', SLUG, '--force', '--from', seeds[0] as string, bad, '--content', content]);
    await rm(bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the file is not UTF-8 text');
    expect(await hashFolder(content)).toBe(before);
  });

  it('prints straight away: the student booklet shows the draft and "Not mentioned"', async () => {
    const out = await tempDir('studyguide-init-out-');
    try {
      const result = await runCli(['build', SLUG, '--content', content, '--out', out, '--edition', 'student']);
      expect(result.code).toBe(0);
      const text = await pdfText(path.join(out, SLUG, 'student', `${SLUG}.pdf`));
      for (const words of [
        'Seed draft',
        'Khalid Farah',
        'Abu Yousef',
        'Not mentioned',
        'DRAFT: names Subhi.',
        'Figure: 400,000 Syrians',
      ]) {
        expect(text).toContain(words);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('with --force, replaces guide.md and sources/ whole and leaves other files alone', async () => {
    await mkdir(path.join(dir, 'images'), { recursive: true });
    await writeFile(path.join(dir, 'images', 'cover.txt'), 'not ours');
    await writeFile(
      path.join(dir, 'sources', 'stale.md'),
      '---\nid: stale\ntitle: Stale\nkind: other\n---\nOld text.\n',
    );
    const result = await runCli([
      'init',
      SLUG,
      '--force',
      '--from',
      seeds[1] as string,
      '--content',
      content,
      '--title',
      'Second draft',
    ]);
    expect(result.stderr).toContain(`✓ ${SLUG}: replaced with a new draft in ${dir}`);
    expect(result.code).toBe(0);
    expect(readdirSync(path.join(dir, 'sources'))).toEqual(['001-d7789cefe8773654.md']);
    expect(await readFile(path.join(dir, 'images', 'cover.txt'), 'utf8')).toBe('not ours');
    expect(await readFile(path.join(dir, 'guide.md'), 'utf8')).toMatch(/^---\n[\s\S]*\ntitle: Second draft\n/);
    expect(readdirSync(content)).toEqual([SLUG]);
    expect((await runCli(['check', '--content', content])).code).toBe(0);
  });
});

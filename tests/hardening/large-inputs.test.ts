/**
 * Very large inputs build or fail with a clear limit message; nothing hangs. Only
 * one document is printed per case, to keep the suite quick.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { check } from '../../src/build/check.js';
import { formatUserError } from '../../src/errors.js';
import { pdfInfo, pdfText } from '../helpers/pdf.js';
import { tempDir } from '../helpers/paths.js';
import { SOURCE_TEXT, sourceFile, writeGuide } from './guide-kit.js';
import { isCompletePdf } from './process-kit.js';

const MB = 1024 * 1024;
let root: string;
beforeAll(async () => {
  root = await tempDir('studyguide-large-');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function questions(count: number): string {
  let yaml = 'questions:\n';
  for (let i = 1; i <= count; i++) {
    yaml += `  - stage: ${['before', 'during', 'after'][i % 3]}\n    level: recall\n    prompt: Question ${i}, about the rescuers?\n    teacher_notes: Notes for question ${i}.\n    answer_lines: 1\n    citations:\n      - source: notes\n        quote: worked through the night\n`;
  }
  return yaml;
}

describe('a 5 MB source', () => {
  it('is checked and printed, with its citations verified', async () => {
    const paragraph =
      'In the besieged city the volunteers answered every call, carrying the injured through the rubble. ';
    let text = `${SOURCE_TEXT}\n`;
    while (text.length < 5 * MB) text += `${paragraph.repeat(10)}\n\n`;
    text += 'The last line of the long source.\n';
    const content = path.join(root, 'content-5mb');
    await writeGuide(
      content,
      'long-source',
      { body: 'At the very end [@notes "The last line of the long source."].\n' },
      {
        'notes.md': sourceFile('notes', text),
      },
    );
    const checked = await check({ content });
    expect(checked.guides[0]?.errors).toEqual([]);
    const out = path.join(root, 'out-5mb');
    const result = await build({
      content,
      out,
      editions: ['student'],
      documents: ['synopsis'],
      cache: false,
      concurrency: 1,
    });
    expect(result.guides[0]?.errors).toEqual([]);
    const file = path.join(out, 'long-source', 'student', 'synopsis.pdf');
    expect(await isCompletePdf(file)).toBe(true);
    expect(await pdfText(file)).toContain('The last line of the long source.');
  });
});

describe('1,000 questions', () => {
  it('are checked, and the questions document prints them all', async () => {
    const content = path.join(root, 'content-1000');
    await writeGuide(content, 'many-questions', { questions: questions(1000) });
    const checked = await check({ content });
    expect(checked.guides[0]?.errors).toEqual([]);
    const out = path.join(root, 'out-1000');
    const result = await build({
      content,
      out,
      editions: ['student'],
      documents: ['questions'],
      cache: false,
      concurrency: 1,
    });
    expect(result.guides[0]?.errors).toEqual([]);
    const file = path.join(out, 'many-questions', 'student', 'questions.pdf');
    const text = await pdfText(file);
    expect(text).toContain('Question 1, about the rescuers?');
    expect(text).toContain('Question 1000, about the rescuers?');
    expect((await pdfInfo(file)).numPages).toBeGreaterThan(20);
  });

  it('1,001 fail at once with the limit named', async () => {
    const content = path.join(root, 'content-1001');
    await writeGuide(content, 'too-many', { questions: questions(1001) });
    const checked = await check({ content });
    expect(checked.guides[0]?.errors.map((e) => formatUserError(e).split(`${content}/`).join(''))).toEqual([
      'too-many/guide.md:19: error: too many items (1001 found); the limit is 1000\n' +
        '  field: questions\n' +
        '  fix: split the guide in two, or keep the items that matter most.',
    ]);
  });

  it('a field over its length limit says which limit', async () => {
    const content = path.join(root, 'content-long-title');
    await writeGuide(content, 'long-title', { title: 'T'.repeat(201) });
    const checked = await check({ content });
    expect(checked.guides[0]?.errors.map((e) => formatUserError(e).split(`${content}/`).join(''))).toEqual([
      'long-title/guide.md:2: error: too long (201 characters); the limit is 200 characters\n' +
        '  field: title\n' +
        '  fix: shorten it; long texts belong in sources/.',
    ]);
  });
});

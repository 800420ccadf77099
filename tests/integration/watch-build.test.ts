/**
 * `studyguide build --watch` through the real CLI with real Chromium: rename-saves one after
 * another (the way vim, JetBrains IDEs and sync tools save), each rewriting the PDF.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../../src/bench/generate-corpus.js';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/paths.js';
import { pdfText } from '../helpers/pdf.js';

let root: string;
let content: string;
let slug: string;

beforeAll(async () => {
  root = await tempDir('studyguide-watch-build-');
  content = path.join(root, 'content');
  [slug = ''] = await writeCorpus(content, 1);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** `studyguide build --watch ARGS` in-process, with what it prints and a way to stop it as Ctrl-C does. */
function watchCli(args: string[]) {
  const lines: string[] = [];
  const io = { out: (t: string) => lines.push(...t.split('\n')), err: (t: string) => lines.push(...t.split('\n')) };
  const controller = new AbortController();
  const exited = main(['build', '--watch', '--edition', 'student', '--concurrency', '2', ...args], io, {
    signal: controller.signal,
  });
  return {
    lines,
    /** How many builds have finished, each building the one guide. */
    builds: () => lines.filter((l) => /^1 built, 0 up to date, 0 failed/.test(l)).length,
    async until(what: string, done: () => boolean): Promise<void> {
      for (let i = 0; i < 600 && !done(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(done(), `${what}; the CLI printed:\n${lines.join('\n')}`).toBe(true);
    },
    async stop(): Promise<number> {
      controller.abort();
      return exited;
    },
  };
}

describe('build --watch through the CLI', () => {
  it('sees a second and third rename-save of guide.md and a write after them, rewriting the PDF each time', async () => {
    const out = path.join(root, 'out');
    const guide = path.join(content, slug, 'guide.md');
    const original = await readFile(guide, 'utf8');
    const cli = watchCli(['--content', content, '--out', out]);
    try {
      await cli.until('the first build', () => cli.builds() === 1);
      expect(cli.lines.some((l) => l.startsWith(`watching ${content} and `))).toBe(true);
      for (const n of [1, 2, 3]) {
        const marker = `Rename-save number ${n} while watching.`;
        const temp = path.join(content, slug, 'guide.md.tmp');
        await writeFile(temp, original.replace(/\n$/, `\n\n${marker}\n`));
        await rename(temp, guide);
        await cli.until(`the rebuild after rename-save ${n}`, () => cli.builds() === n + 1);
        expect(await pdfText(path.join(out, slug, 'student', 'synopsis.pdf'))).toContain(marker);
      }
      // And an ordinary write after them, to the file that now has a new inode.
      await writeFile(guide, original.replace(/\n$/, '\n\nWritten in place after the rename-saves.\n'));
      await cli.until('the rebuild after the write in place', () => cli.builds() === 5);
      expect(await pdfText(path.join(out, slug, 'student', 'synopsis.pdf'))).toContain('Written in place after');
      const changed = cli.lines.filter((l) => l.startsWith('changed: '));
      expect(changed).toHaveLength(4);
      for (const line of changed) expect(line).toContain(path.join(slug, 'guide.md'));
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });

  it('is not woken by its own PDFs when the output folder lies inside the content folder', async () => {
    const out = path.join(content, '_out');
    const guide = path.join(content, slug, 'guide.md');
    const cli = watchCli(['--content', content, '--out', out, '--force']);
    try {
      await cli.until('the first build', () => cli.builds() === 1);
      await writeFile(guide, `${await readFile(guide, 'utf8')}\nOne more paragraph.\n`);
      await cli.until('the rebuild', () => cli.builds() === 2);
      // Writing the PDFs (temporary files renamed into _out/) reported nothing: the one change is the guide.
      expect(cli.lines.filter((l) => l.startsWith('changed: '))).toEqual([
        `changed: ${path.relative(process.cwd(), guide)}`,
      ]);
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });
});

/**
 * Faults lose nothing: a render that takes too long fails with a clear message, a
 * browser killed mid-build is replaced and every PDF still gets made, one bad
 * guide does not stop the others, and --bail stops at the first failure.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { RenderError } from '../../src/errors.js';
import { buildExitCode, describeError } from '../../src/cli/report.js';
import { BrowserPool } from '../../src/pdf/browser-pool.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { writeGuide } from './guide-kit.js';
import { filesUnder, isAlive, isCompletePdf } from './process-kit.js';

let root: string;
beforeAll(async () => {
  root = await tempDir('studyguide-faults-');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a render that takes too long', () => {
  it('fails with a message naming the timeout, not a hang or a stack', async () => {
    const content = path.join(root, 'content-timeout');
    await writeGuide(content, 'slow');
    const result = await build({
      content,
      out: path.join(root, 'out-timeout'),
      editions: ['student'],
      documents: ['synopsis'],
      concurrency: 1,
      timeoutMs: 1,
      cache: false,
    });
    expect(result.failed).toBe(1);
    const errors = result.guides[0]?.errors ?? [];
    expect(errors).toHaveLength(1);
    // The cause is Puppeteer's own timeout (navigation or printing, whichever the 1 ms ran out in).
    expect(describeError(errors[0]!).split(`${content}/`).join('')).toMatch(
      new RegExp(
        '^slow/guide\\.md: error: the document did not print within the 0\\.001 s timeout \\(synopsis, student\\)\\n' +
          '  cause: .*timeout.* \\(via TimeoutError\\)\\n' +
          '  fix: raise --timeout \\(seconds\\), or make the guide smaller \\(split very long sources or lists\\)\\.$',
        'i',
      ),
    );
    expect(existsSync(path.join(root, 'out-timeout', 'slow', 'student', 'synopsis.pdf'))).toBe(false);
  });
});

describe('a browser killed mid-build', () => {
  it('is replaced, its work retried, and the build finishes with every PDF', async () => {
    const content = path.join(root, 'content-kill');
    await writeGuide(content, 'guide-a');
    const out = path.join(root, 'out-kill');
    const pool = new BrowserPool({ concurrency: 2 });
    const killed: number[] = [];
    try {
      const result = await build({
        content,
        out,
        pool,
        concurrency: 2,
        cache: false,
        onEvent: (event) => {
          if (event.type !== 'document' || killed.length > 0) return;
          killed.push(-1);
          void pool.browserPid().then((pid) => {
            if (pid === undefined) throw new Error('the pool launched no browser of its own');
            killed[0] = pid;
            process.kill(pid, 'SIGKILL');
          });
        },
      });
      expect(result.guides.map((g) => [g.slug, g.status, g.errors])).toEqual([['guide-a', 'built', []]]);
      expect(result.failed).toBe(0);
      expect(killed[0]).toBeGreaterThan(0);
      expect(isAlive(killed[0]!)).toBe(false);
      expect(pool.launches).toBeGreaterThan(1);
    } finally {
      await pool.close();
    }
    const pdfs = (await filesUnder(out)).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(10);
    for (const file of pdfs) expect(await isCompletePdf(file), file).toBe(true);
  });
});

describe('one bad guide among good ones', () => {
  let content: string;
  beforeAll(async () => {
    content = path.join(root, 'content-mixed');
    await writeGuide(content, 'a-good');
    await writeGuide(content, 'b-bad', { body: 'Misquoted [@notes "worked all through the day"].\n' });
    await writeGuide(content, 'c-good');
  });

  /** The student edition of the mixed guides, uncached, through the real CLI; paths in stderr made relative. */
  async function buildStudent(out: string, ...extra: string[]) {
    const run = await runCli([
      'build',
      '--content',
      content,
      '--out',
      out,
      '--edition',
      'student',
      '--no-cache',
      ...extra,
    ]);
    return { code: run.code, stderr: run.stderr.split(`${content}/`).join('') };
  }

  it('the rest build, the summary says what failed and why, exit 1', async () => {
    const out = path.join(root, 'out-mixed');
    const run = await buildStudent(out, '--concurrency', '2');
    expect(run.code).toBe(1);
    const stderr = run.stderr;
    expect(stderr).toContain('✗ b-bad: failed (1 problem)');
    expect(stderr).toMatch(/^✓ a-good: 5 files in [\d.]+s$/m);
    expect(stderr).toMatch(/^✓ c-good: 5 files in [\d.]+s$/m);
    expect(stderr).toMatch(/^2 built, 0 up to date, 1 failed in [\d.]+s$/m);
    expect(stderr).toContain(
      'b-bad/guide.md:28: error: the quote "worked all through the day" is not in source "notes"',
    );
    for (const slug of ['a-good', 'c-good']) {
      for (const doc of ['synopsis', 'characters', 'questions', 'comparison', slug]) {
        expect(existsSync(path.join(out, slug, 'student', `${doc}.pdf`)), `${slug}/${doc}`).toBe(true);
      }
    }
    expect(existsSync(path.join(out, 'b-bad'))).toBe(false);
  });

  it('--bail stops at the first failure: guides under way finish, nothing after it is built', async () => {
    const out = path.join(root, 'out-bail');
    const run = await buildStudent(out, '--bail');
    expect(run.code).toBe(1);
    const stderr = run.stderr;
    // Guides are loaded in order as printing goes: the one before the failure was already
    // under way and finishes whole; the failure stops the build; the one after is not started.
    expect(stderr).toMatch(/^✓ a-good: 5 files in [\d.]+s$/m);
    expect(stderr).toContain('✗ b-bad: failed (1 problem)');
    expect(stderr).toMatch(/^1 built, 0 up to date, 2 failed in [\d.]+s$/m);
    expect(stderr).toContain(
      'error: not built: --bail stopped the build at an earlier failure\n  fix: fix the failure reported above and build again.',
    );
    const written = (await filesUnder(out)).map((f) => path.relative(out, f)).sort();
    expect(written).toEqual(
      ['a-good', 'characters', 'comparison', 'questions', 'synopsis'].map((d) =>
        path.join('a-good', 'student', `${d}.pdf`),
      ),
    );
  });
});

describe('a bug inside the tool during a build', () => {
  it('is kept with its stack, reported as a bug, and maps to exit 3', async () => {
    const content = path.join(root, 'content-bug');
    await writeGuide(content, 'guide');
    // A pool whose printing hits a programming error, as a bug in the tool would.
    const buggyPool = {
      timeoutMs: 1000,
      withPage: () => Promise.reject(new TypeError('cannot read properties of undefined (reading "pdf")')),
      close: () => Promise.resolve(),
    } as unknown as BrowserPool;
    const result = await build({
      content,
      out: path.join(root, 'out-bug'),
      pool: buggyPool,
      editions: ['student'],
      documents: ['synopsis'],
      cache: false,
    });
    const errors = result.guides[0]?.errors ?? [];
    expect(errors).toHaveLength(1);
    const printed = describeError(errors[0]!);
    expect(printed).toMatch(
      /^internal error \(a bug in studyguide, not in your content\):\nTypeError: cannot read properties of undefined \(reading "pdf"\)\n\s+at /,
    );
    expect(printed).toMatch(/Please report it with the command you ran\.$/);
    expect(buildExitCode(result)).toBe(3);
  });

  it('a content failure alone maps to exit 1, success to 0', () => {
    expect(buildExitCode({ failed: 1, guides: [{ errors: [new RenderError('x')] }] })).toBe(1);
    expect(buildExitCode({ failed: 0, guides: [{ errors: [] }] })).toBe(0);
  });
});

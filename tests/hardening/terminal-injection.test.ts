/**
 * Control characters from content, file names and options never reach the terminal raw: no ESC
 * (clear screen, cursor moves, OSC 52 clipboard writes), BEL, backspace, CR or bidi override leaves
 * the real CLI on stdout or stderr. Each is shown as its escape (`\u001b`) instead, in one place
 * every printed line passes through; `--json` stays valid JSON with the same values.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printable } from '../../src/cli/report.js';
import { Progress } from '../../src/cli/progress.js';
import { tempDir } from '../helpers/paths.js';
import { guideFile, sourceFile, writeGuide } from './guide-kit.js';
import { spawnCli } from './process-kit.js';
import { runCli } from '../helpers/cli.js';
import { main } from '../../src/cli/main.js';

const ESC = '\x1b';
const CLEAR = `${ESC}[2J`;
const CLIPBOARD = `${ESC}]52;c;aGFja2Vk\x07`;
const HOSTILE = `${CLEAR}${CLIPBOARD}\b\rfake line\u202e\u2066`;

/** What must never be printed raw: C0 (but the line feed), DEL, C1 and the bidi controls. */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let root: string;
beforeAll(async () => {
  root = await tempDir('studyguide-terminal-');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = spawnCli(args);
  let stdout = '';
  let stderr = '';
  cli.child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('latin1')));
  cli.child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('latin1')));
  const { code } = await cli.exited;
  return {
    code,
    stdout: Buffer.from(stdout, 'latin1').toString('utf8'),
    stderr: Buffer.from(stderr, 'latin1').toString('utf8'),
  };
}

function expectNoRawControls(text: string): void {
  const at = RAW.exec(text);
  expect(
    at,
    at
      ? `raw U+${at[0].charCodeAt(0).toString(16)} at ${at.index}: ${JSON.stringify(text.slice(Math.max(0, at.index - 40), at.index + 20))}`
      : '',
  ).toBeNull();
}

describe('printable', () => {
  it('escapes C0, C1, DEL and bidi controls, and keeps line feeds and ordinary text', () => {
    expect(printable(`a${CLEAR}b\x07c\x08d\re\tf\x7fg\x9bh\u202ei\u2069j\nk é ✓`)).toBe(
      'a\\u001b[2Jb\\u0007c\\u0008d\\u000de\\u0009f\\u007fg\\u009bh\\u202ei\\u2069j\nk é ✓',
    );
  });

  it('leaves JSON valid and meaning the same', () => {
    const value = { title: HOSTILE, c1: '\x9b31m', bidi: '\u202egnp.exe' };
    const shown = printable(JSON.stringify(value));
    expectNoRawControls(shown);
    expect(JSON.parse(shown)).toEqual(value);
  });
});

describe('the live progress display', () => {
  it('writes its own line controls but escapes a folder name', () => {
    let written = '';
    const progress = new Progress({ write: (t) => (written += t) }, { live: true, now: () => 0 });
    progress.onEvent({ type: 'start', guides: 1, documents: 1 });
    progress.onEvent({
      type: 'guide',
      report: { slug: 'x', folder: `x${CLEAR}`, status: 'failed', outputs: [], ms: 0, errors: [] },
      unprinted: 1,
    });
    expect(written).toContain('✗ x\\u001b[2J: failed');
    expect(written.split('\r\x1b[K').join('')).not.toContain(ESC);
  });
});

describe('the real CLI prints no raw control characters', () => {
  it('from a guide title, a person name and a quote in a citation error (check and build)', async () => {
    const content = path.join(root, 'fields', 'content');
    const out = path.join(root, 'fields', 'out');
    // A title, a person's name and a prompt as YAML escapes (valid YAML), and quotes that are not in the source.
    await writeGuide(content, 'titled', {
      title: `Title ${HOSTILE}`,
      questions: `questions:
  - stage: before
    level: recall
    prompt: ${JSON.stringify(`What ${HOSTILE}?`)}
    citations:
      - source: notes
        quote: ${JSON.stringify(`worked through ${HOSTILE} night`)}
`,
    });
    const named = path.join(content, 'named');
    await mkdir(path.join(named, 'sources'), { recursive: true });
    const text = guideFile()
      .replace('name: The volunteer', `name: ${JSON.stringify(`The ${HOSTILE} volunteer`)}`)
      .replace('quote: staying was the only choice', `quote: ${JSON.stringify(`staying ${CLIPBOARD} choice`)}`);
    await writeFile(path.join(named, 'guide.md'), text);
    await writeFile(path.join(named, 'sources', 'notes.md'), sourceFile('notes'));
    // A raw control character in the file itself (the YAML library takes it as it is).
    const raw = path.join(content, 'raw-line');
    await mkdir(path.join(raw, 'sources'), { recursive: true });
    await writeFile(
      path.join(raw, 'guide.md'),
      guideFile({ title: 'Raw' })
        .replace('name: The volunteer', `name: The ${CLEAR}volunteer`)
        .replace('quote: staying was the only choice', `quote: staying ${CLEAR} only choice`),
    );
    await writeFile(path.join(raw, 'sources', 'notes.md'), sourceFile('notes'));

    for (const args of [
      ['check', '--content', content],
      ['check', '--content', content, '--json'],
      ['build', '--content', content, '--out', out, '--format', 'html', '--no-cache'],
      ['build', '--content', content, '--out', out, '--format', 'html', '--no-cache', '--json'],
    ]) {
      const result = await run(args);
      expect(result.code, result.stderr).toBe(1);
      expectNoRawControls(result.stdout);
      expectNoRawControls(result.stderr);
      const shown = result.stdout + result.stderr;
      expect(shown, args.join(' ')).toContain('\\u001b');
      if (args.includes('--json')) expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
    }
  }, 120_000);

  it('from a slug-like folder name and a --from file name', async () => {
    const content = path.join(root, 'names', 'content');
    const out = path.join(root, 'names', 'out');
    await writeGuide(content, 'good');
    await writeGuide(content, `bad${CLEAR}name`);
    const build = await run(['build', '--content', content, '--out', out, '--format', 'html', '--no-cache']);
    expect(build.code, build.stderr).toBe(1);
    expectNoRawControls(build.stdout);
    expectNoRawControls(build.stderr);
    expect(build.stderr).toContain('bad\\u001b[2Jname');

    // A line break in a folder name cannot print a line of its own.
    const lines = path.join(root, 'lines', 'content');
    await writeGuide(lines, 'good');
    await writeGuide(lines, 'bad\n✓ fake: 5 files in 0.1s');
    const fake = await run(['build', '--content', lines, '--out', path.join(root, 'lines', 'out'), '--format', 'html']);
    expect(fake.code, fake.stderr).toBe(1);
    expect(fake.stderr.split('\n').filter((l) => l.startsWith('✓ fake'))).toEqual([]);
    expect(fake.stderr).toContain('bad\\n✓ fake');

    const from = path.join(root, 'names', `notes${CLIPBOARD}.txt`);
    await writeFile(from, 'The rescuers worked through the night in the ruined city of Aleppo.\n');
    const init = await run(['init', 'drafted', '--content', content, '--from', from]);
    expectNoRawControls(init.stdout);
    expectNoRawControls(init.stderr);
    expect(init.stdout + init.stderr).toContain('\\u001b]52;c;aGFja2Vk\\u0007');
  }, 120_000);

  it('from an option value', async () => {
    for (const args of [
      ['build', '--content', CLEAR, '--format', 'html'],
      ['check', '--content', `${CLIPBOARD}x`],
      ['build', '--paper', CLEAR],
      ['build', `--${CLEAR}`],
      ['doctor', '--templates', CLEAR],
      [`biuld${CLEAR}`],
    ]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).not.toBe(0);
      expectNoRawControls(result.stdout);
      expectNoRawControls(result.stderr);
      expect(result.stdout + result.stderr, args.join(' ')).toContain('\\u001b');
    }
  }, 120_000);

  it('in GitHub annotations, which keep their own escaping', async () => {
    const content = path.join(root, 'annotations', 'content');
    await writeGuide(content, 'good');
    await writeGuide(content, `bad${CLIPBOARD}`);
    const saved = process.env.GITHUB_ACTIONS;
    process.env.GITHUB_ACTIONS = 'true';
    try {
      const result = await runCli(['check', '--content', content]);
      expect(result.code).toBe(1);
      expectNoRawControls(result.stderr);
      const annotation = result.stderr.split('\n').find((l) => l.startsWith('::error '));
      expect(annotation).toContain('bad\\u001b]52;c;aGFja2Vk\\u0007');
      expect(annotation).toContain('%0Afix: ');
    } finally {
      if (saved === undefined) delete process.env.GITHUB_ACTIONS;
      else process.env.GITHUB_ACTIONS = saved;
    }
  });

  it('in the "changed:" lines of build --watch', async () => {
    const content = path.join(root, 'watch', 'content');
    await writeGuide(content, 'good');
    const lines: string[] = [];
    const io = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) };
    const controller = new AbortController();
    const until = (pattern: RegExp) => lineAppears(lines, pattern);
    const args = [
      'build',
      '--watch',
      '--content',
      content,
      '--out',
      path.join(root, 'watch', 'out'),
      '--format',
      'html',
    ];
    const done = main(args, io, { signal: controller.signal });
    try {
      await until(/^1 built, 0 up to date, 0 failed/);
      await writeFile(path.join(content, 'good', `notes${CLEAR}\x07.txt`), 'a stray file');
      await until(/^changed: /);
    } finally {
      controller.abort();
      await done;
    }
    expectNoRawControls(lines.join('\n'));
    expect(lines.find((l) => l.startsWith('changed: '))).toContain('notes\\u001b[2J\\u0007.txt');
  }, 60_000);

  it('in the "changed:" lines of preview', async () => {
    const content = path.join(root, 'preview', 'content');
    await writeGuide(content, 'good');
    const lines: string[] = [];
    const io = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) };
    const controller = new AbortController();
    const until = (pattern: RegExp) => lineAppears(lines, pattern);
    const done = main(['preview', '--content', content, '--port', '0'], io, { signal: controller.signal });
    try {
      await until(/^Preview at /);
      await writeFile(path.join(content, 'good', `notes\u202e${CLIPBOARD}.txt`), 'a stray file');
      await until(/^changed: /);
    } finally {
      controller.abort();
      await done;
    }
    expectNoRawControls(lines.join('\n'));
    expect(lines.find((l) => l.startsWith('changed: '))).toContain('notes\\u202e\\u001b]52;c;aGFja2Vk\\u0007.txt');
  }, 60_000);
});

/** Waits (up to 30 s) until a captured output line matches, then asserts that one did. */
async function lineAppears(lines: readonly string[], pattern: RegExp): Promise<void> {
  for (let i = 0; i < 300 && !lines.some((l) => pattern.test(l)); i++) await new Promise((r) => setTimeout(r, 100));
  expect(
    lines.some((l) => pattern.test(l)),
    lines.join('\n'),
  ).toBe(true);
}

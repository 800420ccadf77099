/** How errors are reported: user mistakes and their causes, bugs and their stacks, JSON, GitHub annotations. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  annotationPath,
  bugReport,
  buildExitCode,
  describeError,
  errorJson,
  githubAnnotation,
  reportThrown,
} from '../../src/cli/report.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import {
  CitationError,
  FrontMatterError,
  InternalError,
  OutputError,
  SchemaError,
  StudyguideError,
  UsageError,
  formatUserError,
  isUserError,
} from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';

function capture() {
  let err = '';
  return { io: { out: () => undefined, err: (t: string) => void (err += `${t}\n`) }, text: () => err };
}

const permissionDenied = () =>
  Object.assign(new Error("EACCES: permission denied, open 'out/a/synopsis.pdf'"), { code: 'EACCES' });

describe('a bug is never taken for a user error', () => {
  it('isUserError is false for InternalError: a bug exits 3 with its stack', () => {
    const bug = new InternalError(new TypeError('cannot read properties of undefined (reading "meta")'));
    expect(isUserError(bug)).toBe(false);
    expect(bug).not.toBeInstanceOf(StudyguideError);
    const { io, text } = capture();
    expect(reportThrown(bug, io)).toBe(EXIT.internal);
    expect(text()).toMatch(
      /^internal error \(a bug in studyguide, not in your content\):\nTypeError: cannot read properties of undefined \(reading "meta"\)\n\s+at /,
    );
    expect(text()).toContain('Please report it with the command you ran.');
    expect(buildExitCode({ failed: 1, guides: [{ errors: [new CitationError('x'), bug] }] })).toBe(EXIT.internal);
  });

  it('a bug wrapped twice is wrapped once', () => {
    const bug = new InternalError(new Error('inner'));
    expect(InternalError.from(bug)).toBe(bug);
    expect(InternalError.from(new Error('inner')).message).toBe('internal error: inner');
  });

  it("a bug's report prints the stack of each of its causes and where it happened", () => {
    const inner = new RangeError('page index 7 out of range');
    const outer = new Error('could not read the outline', { cause: inner });
    const bug = new InternalError(outer, {
      location: { file: 'content/a/guide.md' },
      job: { document: 'booklet', variant: 'teacher' },
    });
    const report = describeError(bug);
    expect(report).toMatch(/\nError: could not read the outline\n\s+at .*\ncaused by: RangeError: page index 7/s);
    expect(report).toMatch(/caused by: RangeError: page index 7 out of range\n\s+at /);
    expect(report).toContain('It happened while building content/a/guide.md (booklet, teacher).');
    expect(report).toMatch(/Please report it with the command you ran\.$/);
  });

  it('a user error exits 1 (2 for usage) without a stack', () => {
    const { io, text } = capture();
    expect(reportThrown(new SchemaError('expected number', { location: { file: 'g.md', line: 5 } }), io)).toBe(
      EXIT.content,
    );
    expect(reportThrown(new UsageError('no guide "x"'), io)).toBe(EXIT.usage);
    expect(text()).not.toMatch(/\n\s+at /);
    expect(bugReport('a string thrown')).toContain('\na string thrown\n');
  });
});

describe("an error's cause", () => {
  it("an error's cause is printed: its message and kind, as Eleventy prints (via …), never a stack", () => {
    const error = new OutputError('could not write out/a/synopsis.pdf', {
      location: { file: 'out/a/synopsis.pdf' },
      hint: 'check that the output folder is writable and the disk is not full.',
      cause: permissionDenied(),
    });
    expect(formatUserError(error)).toBe(
      'out/a/synopsis.pdf: error: could not write out/a/synopsis.pdf\n' +
        "  cause: EACCES: permission denied, open 'out/a/synopsis.pdf' (via Error)\n" +
        '  fix: check that the output folder is writable and the disk is not full.',
    );
  });

  it('prints every cause of a chain, nearest first, one line each', () => {
    const root = new TypeError('socket hang up\n    at a code frame nobody needs');
    const middle = new OutputError('the browser connection failed', { cause: root });
    const error = new UsageError('could not start printing', { cause: middle });
    expect(formatUserError(error)).toBe(
      'error: could not start printing\n' +
        '  cause: the browser connection failed (via OutputError)\n' +
        '  cause: socket hang up (via TypeError)',
    );
  });

  it('leaves out a cause that the message restates or only repeats, and survives a cycle', () => {
    const yaml = new Error('Map keys must be unique at line 3, column 1:\n\ntitle: x\n^');
    const restated = new FrontMatterError('invalid YAML: Map keys must be unique', {
      location: { file: 'g.md', line: 3, column: 1 },
      cause: yaml,
      restatesCause: true,
    });
    expect(formatUserError(restated)).toBe('g.md:3:1: error: invalid YAML: Map keys must be unique');
    // The JSON keeps it: a program may want the library's own words.
    expect(errorJson(restated).causes).toEqual([{ name: 'Error', message: yaml.message }]);
    // The build adds where a printing error happened and keeps the original as the cause.
    const original = new OutputError('the document did not print');
    const placed = new OutputError('the document did not print (synopsis, student)', { cause: original });
    expect(formatUserError(placed)).toBe('error: the document did not print (synopsis, student)');
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(formatUserError(new UsageError('loop', { cause: a }))).toBe(
      'error: loop\n  cause: a (via Error)\n  cause: b (via Error)',
    );
  });

  it('the real CLI prints the cause of an unreadable content folder', async () => {
    const missing = path.join(await tempDir(), 'no-such-folder');
    const { code, stderr } = await runCli(['check', '--content', missing]);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain(`error: the content folder "${missing}" could not be read\n`);
    expect(stderr).toMatch(
      /\n {2}cause: ENOENT: no such file or directory, scandir '.*no-such-folder' \(via Error\)\n/,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('errorJson: one shape for build --json and check --json', () => {
  it('gives every field, null where unknown', () => {
    const error = new CitationError('unknown source "interview"', {
      location: { file: 'content/g/guide.md', line: 25, field: 'questions[0].citations[0].source' },
      hint: 'use one of the sources in sources/: notes.',
    });
    expect(errorJson(error)).toEqual({
      kind: 'citation',
      message: 'unknown source "interview"',
      hint: 'use one of the sources in sources/: notes.',
      file: 'content/g/guide.md',
      line: 25,
      column: null,
      field: 'questions[0].citations[0].source',
      document: null,
      variant: null,
      causes: [],
      internal: false,
    });
  });

  it('marks a bug internal, with its stack and causes', () => {
    const json = errorJson(
      new InternalError(new TypeError('x is undefined'), {
        location: { file: 'content/g/guide.md' },
        job: { document: 'booklet', variant: 'student-large-print' },
      }),
    );
    expect(json).toMatchObject({
      kind: 'internal',
      message: 'internal error: x is undefined',
      file: 'content/g/guide.md',
      document: 'booklet',
      variant: 'student-large-print',
      causes: [{ name: 'TypeError', message: 'x is undefined' }],
      internal: true,
    });
    expect(json.stack).toMatch(/^TypeError: x is undefined\n\s+at /);
  });
});

describe('GitHub annotations', () => {
  const error = new SchemaError('expected number, got string', {
    location: { file: 'content/g/guide.md', line: 5, column: 3, field: 'work.year' },
    hint: 'write a number here.',
  });

  it('name the file relative to GITHUB_WORKSPACE, not the current folder, with a title and the field', () => {
    const line = githubAnnotation(error, { workspace: '/home/runner/work/repo', cwd: '/home/runner/work/repo/site' });
    expect(line).toBe(
      '::error file=site/content/g/guide.md,line=5,col=3,title=studyguide%3A schema error at work.year' +
        '::expected number, got string%0Afield: work.year%0Afix: write a number here.',
    );
  });

  it('keep a path outside the workspace absolute', () => {
    expect(annotationPath('/tmp/elsewhere/guide.md', { workspace: '/home/runner/work/repo', cwd: '/' })).toBe(
      '/tmp/elsewhere/guide.md',
    );
    expect(annotationPath('../repo-other/guide.md', { workspace: '/w/repo', cwd: '/w/repo' })).toBe(
      '/w/repo-other/guide.md',
    );
    // A file whose name starts with two dots is inside.
    expect(annotationPath('..notes.md', { workspace: '/w/repo', cwd: '/w/repo' })).toBe('..notes.md');
  });

  it('use forward slashes on Windows', () => {
    const env = { workspace: 'D:\\a\\repo\\repo', cwd: 'D:\\a\\repo\\repo', paths: path.win32 };
    expect(annotationPath('content\\g\\guide.md', env)).toBe('content/g/guide.md');
    expect(annotationPath('E:\\other\\guide.md', env)).toBe('E:/other/guide.md');
  });

  it('escape the message and properties by the workflow-command rules', () => {
    const odd = new CitationError('100% wrong:\r\nsee, here', {
      location: { file: 'a,b:c%.md', line: 2, field: 'people[0].facts[0]' },
    });
    expect(githubAnnotation(odd, { workspace: '/w', cwd: '/w' })).toBe(
      '::error file=a%2Cb%3Ac%25.md,line=2,title=studyguide%3A citation error at people[0].facts[0]' +
        '::100%25 wrong:%0D%0Asee, here%0Afield: people[0].facts[0]',
    );
  });

  it('list causes, and call a bug a bug', () => {
    const caused = new OutputError('could not write x.pdf', { location: { file: 'x.pdf' }, cause: permissionDenied() });
    expect(githubAnnotation(caused, { workspace: '/w', cwd: '/w' })).toBe(
      "::error file=x.pdf,title=studyguide%3A output error::could not write x.pdf%0Acause: EACCES: permission denied, open 'out/a/synopsis.pdf' (via Error)",
    );
    const bug = githubAnnotation(new InternalError(new TypeError('boom')), { workspace: '/w', cwd: '/w' });
    expect(bug).toMatch(/^::error title=studyguide%3A internal error \(a bug in studyguide\)::internal error: boom%0A/);
  });
});

/** `build --json` and `check --json` on failing guides: one error shape for both; GitHub annotations from the CLI. */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorJson } from '../../src/cli/report.js';
import { prepareCase } from '../hardening/bad-cases.js';
import { runCli } from '../helpers/cli.js';
import { CONTENT, tempDir } from '../helpers/paths.js';

interface BuildJson {
  guides: Array<{ slug: string; status: string; outputs: string[]; ms: number; errors: ErrorJson[] }>;
  rendered: number;
  skipped: number;
  failed: number;
  elapsed_ms: number;
}
interface CheckJson {
  guides: Array<{ slug: string; ok: boolean; citations: number; errors: ErrorJson[] }>;
  errors: number;
}

const KEYS = [
  'causes',
  'column',
  'document',
  'field',
  'file',
  'hint',
  'internal',
  'kind',
  'line',
  'message',
  'variant',
].sort();

let work: string;
beforeAll(async () => {
  work = await tempDir();
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const saved = { actions: process.env.GITHUB_ACTIONS, workspace: process.env.GITHUB_WORKSPACE };
afterEach(() => {
  for (const [key, value] of [
    ['GITHUB_ACTIONS', saved.actions],
    ['GITHUB_WORKSPACE', saved.workspace],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('build --json and check --json give the same error objects', () => {
  it('a guide citing an unknown source: the same objects from both, every field present', async () => {
    const { content } = await prepareCase('unknown-source-id', work);
    const checked = await runCli(['check', '--content', content, '--json']);
    const built = await runCli([
      'build',
      '--content',
      content,
      '--out',
      path.join(work, 'out-1'),
      '--json',
      '--no-cache',
    ]);
    expect(checked.code).toBe(1);
    expect(built.code).toBe(1);
    // --json prints nothing else on stdout; build prints no per-error text on stderr either.
    const check = JSON.parse(checked.stdout) as CheckJson;
    const build = JSON.parse(built.stdout) as BuildJson;
    expect(built.stderr).not.toContain('error:');
    const guideFile = path.join(content, 'test-guide', 'guide.md');
    const expected: ErrorJson = {
      kind: 'citation',
      message: 'unknown source "interview"',
      hint: 'use one of the sources in sources/: notes.',
      file: guideFile,
      line: 25,
      column: null,
      field: 'questions[0].citations[0].source',
      document: null,
      variant: null,
      causes: [],
      internal: false,
    };
    expect(check.guides[0]?.errors).toEqual([expected]);
    expect(build.guides[0]).toMatchObject({ slug: 'test-guide', status: 'failed', outputs: [], errors: [expected] });
    expect(build).toMatchObject({ rendered: 0, skipped: 0, failed: 1 });
    for (const error of [...(check.guides[0]?.errors ?? []), ...(build.guides[0]?.errors ?? [])]) {
      expect(Object.keys(error).sort()).toEqual(KEYS);
    }
  });

  it('a template error while building names the document and variant that failed', async () => {
    const { content, templates } = await prepareCase('missing-template-field', work);
    const built = await runCli([
      'build',
      '--content',
      content,
      '--templates',
      templates!,
      '--out',
      path.join(work, 'out-2'),
      '--edition',
      'student',
      '--json',
      '--no-cache',
    ]);
    expect(built.code).toBe(1);
    const errors = (JSON.parse(built.stdout) as BuildJson).guides[0]?.errors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({
      kind: 'template',
      message: 'template documents/synopsis.hbs reads the field "director", which the content does not have',
      file: path.join(templates!, 'documents', 'synopsis.hbs'),
      line: 2,
      document: 'synopsis',
      variant: 'student',
      internal: false,
    });
    // The Handlebars error it restates stays available to programs.
    expect(errors[0]?.causes[0]?.message).toMatch(/"director" not defined/);
  });

  it('a guide that is fine has an empty error list', async () => {
    const check = JSON.parse((await runCli(['check', '--content', CONTENT, '--json'])).stdout) as CheckJson;
    expect(check.guides[0]).toMatchObject({ ok: true, errors: [] });
  });
});

describe('a command that stops as a whole still prints its JSON report', () => {
  it('build --json and check --json on a content folder with no guides: the error, guides [], exit 1', async () => {
    const empty = path.join(work, 'empty-content');
    await mkdir(empty, { recursive: true });
    const built = await runCli(['build', '--content', empty, '--out', path.join(work, 'out-empty'), '--json']);
    expect(built.code).toBe(1);
    const report = JSON.parse(built.stdout) as { guides: unknown[]; errors: ErrorJson[] };
    expect(report.guides).toEqual([]);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ kind: 'content', file: empty, internal: false });
    expect(report.errors[0]?.message).toContain('no guides in this folder');
    const checked = await runCli(['check', '--content', empty, '--json']);
    expect(checked.code).toBe(1);
    expect(JSON.parse(checked.stdout)).toMatchObject({ guides: [], error: { kind: 'content', file: empty } });
  });

  it('a check that did not stop says error: null', async () => {
    const checked = await runCli(['check', '--content', CONTENT, '--json']);
    expect(JSON.parse(checked.stdout)).toMatchObject({ error: null });
  });
});

describe('GitHub annotations from the CLI', () => {
  it('check under GITHUB_ACTIONS prints one annotation per error, relative to GITHUB_WORKSPACE', async () => {
    const { content } = await prepareCase('bad-enum', work);
    process.env.GITHUB_ACTIONS = 'true';
    process.env.GITHUB_WORKSPACE = work;
    const { code, stderr } = await runCli(['check', '--content', content]);
    expect(code).toBe(1);
    const annotations = stderr.split('\n').filter((l) => l.startsWith('::error'));
    expect(annotations).toEqual([
      '::error file=bad-enum/content/test-guide/guide.md,line=21,title=studyguide%3A schema error at questions[0].level' +
        '::must be one of "recall", "understanding", "analysis", "evaluation", "creation"' +
        '%0Afield: questions[0].level%0Afix: use one of the listed values.',
    ]);
  });
});

/**
 * studyguide in a user's hands: packed with `npm pack`, installed into a project of its own, and
 * run from that project's folder (not this repository): check, build with real Chromium, init,
 * doctor. The install from a git URL (which compiles in `prepare`; it used to die with
 * ERR_MODULE_NOT_FOUND dist/cli/main.js) takes 25-100 s, so it is a script:
 * scripts/try-git-install.mjs. Here: a git install whose prepare npm skipped says what to do.
 * The npm cache is warm here; installs are offline-first.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfFonts, pdfText } from '../helpers/pdf.js';
import { CONTENT, ROOT, tempDir } from '../helpers/paths.js';

const SLUG = 'last-men-in-aleppo';
const WIN = process.platform === 'win32';
const NPM = WIN ? 'npm.cmd' : 'npm';
const INSTALL_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

let work: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  // .cmd files (npm.cmd, node_modules/.bin/studyguide.cmd) start only through a shell on Windows.
  const child = spawn(command, args, { cwd, env, shell: WIN, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A new project that depends on nothing but what the test installs; its scripts policy allows studyguide's. */
async function newProject(name: string): Promise<string> {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  // npm 11 runs a git dependency's `prepare` (which compiles it) only when the project allows it.
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, private: true, allowScripts: { studyguide: true } }, null, 2),
  );
  return dir;
}

/** The installed command, as `npx studyguide` finds it. */
const studyguide = (project: string, args: string[]) =>
  run(path.join(project, 'node_modules', '.bin', WIN ? 'studyguide.cmd' : 'studyguide'), args, project);

beforeAll(async () => {
  work = await tempDir('studyguide-install-');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('installed from the packed tarball', () => {
  let project: string;
  let tarball: string;

  beforeAll(async () => {
    const packed = await run(NPM, ['pack', '--pack-destination', work, '--json', '--loglevel=error'], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = path.join(work, info!.filename);
    const files = info!.files.map((f) => f.path);
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('templates/partials/layout.hbs');
    expect(files).toContain('schema/guide.schema.json');
    // Development files stay out: the set-up script (it crashed when installed), maps, build stamps.
    expect(
      files.filter((f) => /^(scripts|src|tests|content)\//.test(f) || /\.map$|tsbuildinfo|setup-compiled/.test(f)),
    ).toEqual([]);

    project = await newProject('from-tarball');
    const installed = await run(NPM, ['install', tarball, ...INSTALL_FLAGS], project);
    expect(installed.code, installed.stderr).toBe(0);
    await cp(path.join(CONTENT, SLUG), path.join(project, 'content', SLUG), { recursive: true });
  });

  it('runs --version, check, build with real Chromium, and init from the project folder', async () => {
    const version = await studyguide(project, ['--version']);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    const checked = await studyguide(project, ['check']);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stderr).toContain(`✓ ${SLUG}: ok`);

    const built = await studyguide(project, ['build', '--edition', 'student']);
    expect(built.code, built.stderr).toBe(0);
    const booklet = path.join(project, 'output', SLUG, 'student', `${SLUG}.pdf`);
    expect(await pdfText(booklet)).toContain('Last Men in Aleppo');
    // The fonts come from the installed @fontsource packages, embedded.
    const fonts = await pdfFonts(booklet);
    expect(fonts.some((f) => /SourceSerif4/i.test(f.name) && f.embedded)).toBe(true);

    await writeFile(
      path.join(project, 'notes.txt'),
      'Khaled Omar Harrah worked with the White Helmets in Aleppo.\n\nIn 2016 Khaled said the city was his home.\n',
    );
    const drafted = await studyguide(project, ['init', 'my-notes', '--from', 'notes.txt']);
    expect(drafted.code, drafted.stderr).toBe(0);
    expect(await readdir(path.join(project, 'content', 'my-notes'))).toContain('guide.md');
    const again = await studyguide(project, ['check', 'my-notes']);
    expect(again.code, again.stderr).toBe(0);

    const doctor = await studyguide(project, ['doctor', '--json']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    const report = JSON.parse(doctor.stdout) as { checks: Array<{ id: string; status: string; detail: string }> };
    const templates = report.checks.find((c) => c.id === 'templates');
    expect(templates?.detail).toContain(path.join('node_modules', 'studyguide', 'templates'));
    expect(report.checks.find((c) => c.id === 'fonts')?.status).toBe('ok');
  });

  it('imports as a library with its types', async () => {
    const script = path.join(project, 'use.mjs');
    await writeFile(script, "import { VERSION, check } from 'studyguide';\nconsole.log(VERSION, typeof check);\n");
    const used = await run(process.execPath, [script], project);
    expect(used.code, used.stderr).toBe(0);
    expect(used.stdout).toMatch(/^\d+\.\d+\.\d+ function/);
  });
});

describe('a git install whose prepare npm skipped', () => {
  it('says how to allow it, instead of ERR_MODULE_NOT_FOUND dist/cli/main.js', async () => {
    // What npm 11 leaves when it blocks a git dependency's prepare script: the package without dist/.
    const pkg = path.join(work, 'uncompiled');
    await cp(path.join(ROOT, 'bin'), path.join(pkg, 'bin'), { recursive: true });
    await cp(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
    const ran = await run(process.execPath, [path.join(pkg, 'bin', 'studyguide.js'), '--version'], work);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('error: studyguide is not compiled (its dist/ folder is missing)');
    expect(ran.stderr).toContain('"allowScripts": { "studyguide": true }');
    expect(ran.stderr).not.toContain('ERR_MODULE_NOT_FOUND');
  });
});

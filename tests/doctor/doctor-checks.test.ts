/** The checks of `studyguide doctor` that need no browser: Node, fonts, templates, output folder, the report. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBrowser, checkFonts, checkNode, checkOutput, checkTemplates } from '../../src/doctor/checks.js';
import { formatDoctorReport, installBySystem, type DoctorReport } from '../../src/doctor/doctor.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/render/template-dir.js';
import { tempDir } from '../helpers/paths.js';

let work: string;
beforeAll(async () => {
  work = await tempDir('studyguide-doctor-');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('Node.js', () => {
  const dec2026 = new Date('2026-12-01T00:00:00Z');
  it('fails below the engines minimum (20.19)', () => {
    expect(checkNode('20.18.3', dec2026)).toMatchObject({
      status: 'fail',
      detail: '20.18.3: studyguide needs 20.19 or newer',
    });
    expect(checkNode('18.20.0', dec2026).status).toBe('fail');
  });
  it('warns that Node 20 is past its end of life, and recommends 24 LTS', () => {
    const check = checkNode('20.19.0', dec2026);
    expect(check.status).toBe('warn');
    expect(check.detail).toContain('end of life on 2026-04-30');
    expect(check.advice.join(' ')).toContain('Node.js 24 LTS');
  });
  it('accepts Node 20 before its end of life, and 22 and 24', () => {
    expect(checkNode('20.19.0', new Date('2026-01-01T00:00:00Z')).status).toBe('ok');
    expect(checkNode('22.23.5', dec2026).status).toBe('ok');
    expect(checkNode('24.22.3', dec2026).status).toBe('ok');
  });
  it('warns about a release that is not long-term support', () => {
    expect(checkNode('25.1.0', dec2026)).toMatchObject({ status: 'warn' });
  });
});

describe('fonts and templates', () => {
  it('finds the @fontsource packages and every font file they name', () => {
    const check = checkFonts();
    expect(check.status, check.detail).toBe('ok');
    expect(check.detail).toMatch(/^4 families \(Source Serif 4, .*\), \d+ font files$/);
  });
  it('accepts the bundled templates and names what a custom folder lacks', async () => {
    expect(checkTemplates()).toMatchObject({ status: 'ok', detail: DEFAULT_TEMPLATES_DIR });
    const custom = path.join(work, 'templates');
    await mkdir(path.join(custom, 'documents'), { recursive: true });
    await writeFile(path.join(custom, 'documents', 'synopsis.hbs'), '');
    const check = checkTemplates(custom);
    expect(check.status).toBe('fail');
    expect(check.detail).toContain(path.join('documents', 'booklet.hbs'));
    expect(check.detail).not.toContain('synopsis.hbs');
  });
});

describe('output folder', () => {
  it('is writable when it exists, or when its nearest parent is', () => {
    expect(checkOutput(work)).toMatchObject({ status: 'ok', detail: `${work} is writable` });
    expect(checkOutput(path.join(work, 'new', 'deeper')).detail).toContain(
      'does not exist yet; the build can create it',
    );
  });
  it('fails when a file stands where the folder goes', async () => {
    const file = path.join(work, 'a-file');
    await writeFile(file, 'x');
    expect(checkOutput(path.join(file, 'out'))).toMatchObject({
      status: 'fail',
      detail: `${file} is a file, not a folder`,
    });
  });
});

describe('browser lookup', () => {
  it('fails naming an executablePath that does not exist, with what to install', () => {
    const missing = path.join(work, 'no-chrome');
    const { check, choice } = checkBrowser({ executablePath: missing });
    expect(choice).toBeUndefined();
    expect(check.status).toBe('fail');
    expect(check.detail).toContain(missing);
    expect(check.advice.join('\n')).toContain('--browser-ws-endpoint');
  });
  it('takes a remote endpoint as the browser, without looking for one', () => {
    const { check } = checkBrowser({ browserWSEndpoint: 'ws://127.0.0.1:9/devtools/browser/x' });
    expect(check).toMatchObject({
      status: 'ok',
      detail: 'a running browser at ws://127.0.0.1:9/devtools/browser/x (--browser-ws-endpoint)',
    });
  });
});

describe('the report', () => {
  it('lists what to install on each system for what is missing, and counts the problems', () => {
    const report: DoctorReport = {
      ok: false,
      studyguide: '0.0.0',
      platform: 'linux x64',
      checks: [
        { id: 'node', title: 'Node.js', status: 'ok', detail: '24.1.0: supported', advice: [] },
        {
          id: 'browser',
          title: 'Browser',
          status: 'fail',
          detail: 'no Chrome or Chromium was found',
          advice: ['install one'],
        },
      ],
      install: installBySystem({ browser: true, node: false }),
    };
    const text = formatDoctorReport(report);
    expect(text).toContain('✗ Browser  no Chrome or Chromium was found\n    fix: install one');
    expect(text).toContain('Debian/Ubuntu: sudo apt-get install chromium');
    expect(text).toContain('Fedora: sudo dnf install chromium');
    expect(text).toMatch(/macOS: Google Chrome/);
    expect(text).toMatch(/Windows: Google Chrome/);
    expect(text).not.toContain('node@24');
    expect(text.endsWith('1 problem: a build needs it fixed.')).toBe(true);
  });
});

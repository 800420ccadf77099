/**
 * A mistyped or invalid option stops the command before it does anything: exit 2 with yargs' message
 * (and "Did you mean …?"), nothing written, no browser started, no server opened. Each case used to
 * run the whole command and only then exit 2 (or exit 3 with a stack).
 */
import { spawn } from 'node:child_process';
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { check } from '../../src/build/check.js';
import { UsageError } from '../../src/errors.js';
import { init } from '../../src/init/init-guide.js';
import { startPreview } from '../../src/preview/preview-server.js';
import { ROOT, tempDir } from '../helpers/paths.js';
import { writeGuide } from './guide-kit.js';

const BIN = path.join(ROOT, 'bin', 'studyguide.js');
let project: string;
let marker: string;
let fakeChrome: string;
let before: string[];

/** Every file under a folder, with its size: what a command must leave alone. */
async function listing(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(e.parentPath, e.name);
    out.push(e.isFile() ? `${path.relative(dir, full)} ${(await readFile(full)).length}` : path.relative(dir, full));
  }
  return out.sort();
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: project,
      env: { ...process.env, STUDYGUIDE_CHROME: fakeChrome, GITHUB_ACTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // A command that started serving or building would not end by itself this soon.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`studyguide ${args.join(' ')} did not stop at its usage error:\n${stderr}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  project = await tempDir('studyguide-options-');
  await writeGuide(path.join(project, 'content'), 'test-guide');
  await writeFile(path.join(project, 'notes.txt'), 'Ada Lovelace wrote the first program in 1843.\n');
  marker = path.join(project, '..', `${path.basename(project)}-browser-started`);
  fakeChrome = path.join(project, '..', `${path.basename(project)}-chrome.sh`);
  // A "browser" that only leaves a mark: any command that gets as far as launching one is caught.
  await writeFile(fakeChrome, `#!/bin/sh\ntouch "${marker}"\nexit 1\n`);
  await chmod(fakeChrome, 0o755);
  before = await listing(project);
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
  await rm(marker, { force: true });
  await rm(fakeChrome, { force: true });
});

const CASES: Array<{ args: string[]; says: string[] }> = [
  { args: ['build', '--paper', 'legal'], says: ['Invalid values', 'Given: "legal"', 'Choices: "a4", "letter"'] },
  { args: ['build', '--edition', 'pupil'], says: ['Invalid values', 'Given: "pupil"'] },
  { args: ['build', '--edition', 'studnet'], says: ['Given: "studnet"', 'Did you mean --edition student?'] },
  { args: ['build', '--json', '--paper', 'legal'], says: ['Invalid values'] },
  { args: ['biuld'], says: ['Unknown argument: biuld', 'Did you mean build?'] },
  {
    args: ['init', 'x', '--from', 'notes.txt', '--titel', 'T'],
    says: ['Unknown argument: titel', 'Did you mean --title?'],
  },
  { args: ['preview', '--prot', '8080'], says: ['Unknown argument: prot', 'Did you mean --port?'] },
  { args: ['build', '--concurrency', '0'], says: ['--concurrency must be a whole number from 1 to 64, not 0'] },
  { args: ['build', '--concurrency', 'abc'], says: ['--concurrency must be a whole number from 1 to 64'] },
  { args: ['build', '--timeout', '-1'], says: ['--timeout must be a positive number of seconds, not -1'] },
  { args: ['build', '--shard', '4/3'], says: ['--shard "4/3" is not a shard like 2/3'] },
  { args: ['build', '--browser-ws-endpoint', 'localhost:9222'], says: ['--browser-ws-endpoint must be a DevTools'] },
  { args: ['preview', '--host', '0.0.0.0'], says: ['--host must be a loopback address'] },
  { args: ['preview', '--port', '70000'], says: ['--port must be a whole number from 0 to 65535, not 70000'] },
  { args: ['check', '--jsno'], says: ['Unknown argument: jsno', 'Did you mean --json?'] },
];

describe('a bad command line stops before anything happens', () => {
  for (const { args, says } of CASES) {
    it(`studyguide ${args.join(' ')}: exit 2, nothing written, no browser, no server`, async () => {
      const result = await run(args);
      expect(result.code).toBe(2);
      for (const text of says) expect(result.stderr).toContain(text);
      expect(result.stderr).toMatch(/Run "studyguide (\w+ )?--help" for usage\.\n$/);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack
      expect(result.stdout).toBe(''); // --json prints no report for a command that did not run
      expect(await listing(project)).toEqual(before);
      await expect(readFile(marker)).rejects.toThrow();
    });
  }
});

describe('the API validates the same options', () => {
  const expectUsage = async (promise: Promise<unknown>, message: string) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain(message);
    return error as UsageError;
  };

  it('build() refuses a bad value before reading or writing anything', async () => {
    const out = path.join(project, 'api-out');
    const content = path.join(project, 'content');
    await expectUsage(build({ content, out, paper: 'legal' as never }), 'paper must be one of "a4", "letter"');
    await expectUsage(build({ content, out, concurrency: 0 }), 'concurrency must be a whole number from 1 to 64');
    await expectUsage(build({ content, out, timeoutMs: -5 }), 'timeoutMs must be a positive number of milliseconds');
    await expectUsage(build({ content, out, editions: ['pupil' as never] }), 'editions must be one of');
    await expectUsage(build({ content, out, shard: { index: 4, total: 3 } }), 'shard must be');
    const typo = await expectUsage(build({ content, out, papr: 'a4' } as never), 'unknown option "papr"');
    expect(typo.hint).toBe('did you mean "paper"?');
    expect(await listing(project)).toEqual(before);
  });

  it('check(), init() and startPreview() refuse theirs too', async () => {
    await expectUsage(check({ content: path.join(project, 'content'), jsno: true } as never), 'unknown option "jsno"');
    await expectUsage(
      init({
        slug: 'x',
        from: [path.join(project, 'notes.txt')],
        content: path.join(project, 'content'),
        titel: 'T',
      } as never),
      'unknown option "titel"',
    );
    await expectUsage(startPreview({ content: path.join(project, 'content'), port: -1 }), 'port must be');
    expect(await listing(project)).toEqual(before);
  });
});

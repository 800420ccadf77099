/**
 * Browsers that misbehave, through the real CLI: fake browsers (small scripts named by
 * STUDYGUIDE_CHROME) that exit at once, hang on start or die whenever they print, and loopback
 * servers posing as --browser-ws-endpoint that never answer, hang up or answer garbage. Each
 * ends in a message and exit 1, never a hang or exit 3, with no process left behind; profile
 * folders of killed builds are swept by the next one, and nobody else's are touched.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/paths.js';
import { writeGuide } from './guide-kit.js';
import { BIN, DescendantWatch, waitFor } from './process-kit.js';

const CHROMIUM = '/usr/bin/chromium';
let root: string;
let content: string;
let fakes: string;
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();

/** The fake browsers: each a script that the CLI launches as if it were Chrome. */
const FAKES: Record<string, string> = {
  'exits-at-once': '#!/bin/sh\nexit 1\n',
  'devtools-then-dies':
    '#!/bin/sh\necho "DevTools listening on ws://127.0.0.1:9/devtools/browser/fake" >&2\nsleep 0.2\nexit 1\n',
  // No exec: the shell stays the parent of sleep, so only a kill of the whole process group ends both.
  'hangs-on-start': '#!/bin/sh\nsleep 600\necho never\n',
};

/** Real Chromium behind a proxy of its DevTools pipe that kills it whenever it is asked to print. */
const crashOnPrint = `#!${process.execPath}
const { spawn } = require('node:child_process');
const net = require('node:net');
const child = spawn(${JSON.stringify(CHROMIUM)}, process.argv.slice(2), { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
const fromDriver = new net.Socket({ fd: 3, readable: true, writable: false });
const toDriver = new net.Socket({ fd: 4, readable: false, writable: true });
child.stdio[4].pipe(toDriver);
let tail = '';
fromDriver.on('data', (chunk) => {
  const text = tail + chunk.toString('latin1');
  tail = text.slice(-64);
  if (text.includes('Page.printToPDF')) {
    child.kill('SIGKILL');
    process.exit(1);
  }
  child.stdio[3].write(chunk);
});
fromDriver.on('end', () => { child.kill('SIGKILL'); process.exit(0); });
child.on('exit', () => process.exit(1));
`;

interface Run {
  code: number | null;
  output: string;
  /** Processes the CLI started that still run once it exited (after a moment for renderers). */
  survivors: number[];
}

/** Run the real CLI with `env`; the start limit is 3 s so that a hang is found quickly. */
async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STUDYGUIDE_BROWSER_START_TIMEOUT: '3', TMPDIR: path.join(root, 'tmp'), ...env },
  });
  const watch = new DescendantWatch(child.pid ?? -1);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  // A hang is a failure, not a test timeout: kill it well inside vitest's limit and say so.
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(guard);
  watch.scan();
  watch.stop();
  const survivors = (await waitFor(() => (watch.alive().length === 0 ? [] : undefined), 5_000)) ?? watch.alive();
  for (const pid of survivors) process.kill(pid, 'SIGKILL');
  return { code, output, survivors };
}

const build = (env: NodeJS.ProcessEnv, ...more: string[]) =>
  runCli(
    ['build', '--content', content, '--out', path.join(root, 'out'), '--no-cache', '--edition', 'student', ...more],
    env,
  );

/** A loopback server, closed (with its connections) in afterAll. */
async function listen(onConnection: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A server that completes the WebSocket handshake properly, then never says a word. */
async function listenMuteWebSocket(): Promise<number> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket) => {
    sockets.add(socket as net.Socket);
    socket.on('close', () => sockets.delete(socket as net.Socket));
    socket.on('error', () => undefined);
    const accept = createHash('sha1')
      .update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

beforeAll(async () => {
  root = await tempDir('studyguide-browser-faults-');
  content = path.join(root, 'content');
  fakes = path.join(root, 'fakes');
  await mkdir(fakes, { recursive: true });
  await mkdir(path.join(root, 'tmp'));
  await writeGuide(content, 'guide-a');
  for (const [name, text] of Object.entries({ ...FAKES, 'crash-on-print': crashOnPrint })) {
    await writeFile(path.join(fakes, name), text);
    await chmod(path.join(fakes, name), 0o755);
  }
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await rm(root, { recursive: true, force: true });
});

const profilesIn = async (dir: string) => (await readdir(dir)).filter((n) => n.startsWith('studyguide-chrome-'));

describe('a local browser that misbehaves', () => {
  it('exits at once: exit 1, "did not start: it exited as soon as it started", nothing left running', async () => {
    const run = await build({ STUDYGUIDE_CHROME: path.join(fakes, 'exits-at-once') });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(
      `the browser at ${path.join(fakes, 'exits-at-once')} did not start: it exited as soon as it started`,
    );
    expect(run.output).toContain('name another with STUDYGUIDE_CHROME');
    expect(run.survivors).toEqual([]);
  });

  it('prints its DevTools line, then dies: exit 1 with the same message', async () => {
    const run = await build({ STUDYGUIDE_CHROME: path.join(fakes, 'devtools-then-dies') });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain('did not start: it exited as soon as it started');
    expect(run.survivors).toEqual([]);
  });

  it('hangs on start (regression: the build never ended and left it running): killed after the limit, exit 1', async () => {
    const fake = path.join(fakes, 'hangs-on-start');
    const run = await build({ STUDYGUIDE_CHROME: fake });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`the browser at ${fake} did not start within 3 s; it was stopped`);
    expect(run.output).toContain('STUDYGUIDE_BROWSER_START_TIMEOUT');
    expect(run.survivors, 'the hung browser and its child are killed').toEqual([]);
    expect(await profilesIn(path.join(root, 'tmp')), 'its profile folder is removed').toEqual([]);
  });

  it.runIf(existsSync(CHROMIUM))(
    'crashes whenever it prints (regression: exit 3, "internal error"): exit 1, says so and what to try',
    async () => {
      const fake = path.join(fakes, 'crash-on-print');
      const run = await build({ STUDYGUIDE_CHROME: fake }, '--concurrency', '1');
      expect(run.code, run.output).toBe(1);
      expect(run.output).not.toContain('internal error');
      expect(run.output).toContain(`the browser at ${fake} crashed 3 times in a row; this document was not printed`);
      // What was being printed: the guide and the document (a guide's booklets print first).
      expect(run.output).toMatch(/guide-a[/\\]guide\.md: error: the browser .* \(booklet, student\)/);
      for (const advice of ['STUDYGUIDE_CHROME', '--concurrency 1', 'memory', 'studyguide doctor']) {
        expect(run.output).toContain(advice);
      }
      expect(run.survivors).toEqual([]);
      expect(await profilesIn(path.join(root, 'tmp'))).toEqual([]);
    },
  );
});

describe('a --browser-ws-endpoint that misbehaves', () => {
  const endpoint = (port: number) => `ws://127.0.0.1:${port}/devtools/browser/fake`;

  it('accepts the connection and never answers (regression: hung with no message): exit 1 naming it', async () => {
    const url = endpoint(await listen(() => undefined));
    const run = await build({}, '--browser-ws-endpoint', url);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`could not connect to the browser at ${url}: it did not answer within 3 s`);
  });

  it('opens the WebSocket and never answers a request: exit 1 naming it', async () => {
    const url = endpoint(await listenMuteWebSocket());
    const run = await build({}, '--browser-ws-endpoint', url);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`could not connect to the browser at ${url}: it did not answer within 3 s`);
  });

  it('closes the connection at once', async () => {
    const url = endpoint(await listen((socket) => socket.destroy()));
    const run = await build({}, '--browser-ws-endpoint', url);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(
      `could not connect to the browser at ${url}: it closed the connection without answering`,
    );
  });

  it('answers garbage', async () => {
    const url = endpoint(await listen((socket) => socket.end('garbage\r\n\r\n')));
    const run = await build({}, '--browser-ws-endpoint', url);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(
      `could not connect to the browser at ${url}: it answered with something that is not HTTP`,
    );
  });

  it('refuses the connection', async () => {
    const port = await listen(() => undefined);
    const server = servers.pop();
    await new Promise((resolve) => server?.close(resolve));
    const url = endpoint(port);
    const run = await build({}, '--browser-ws-endpoint', url);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`could not connect to the browser at ${url}: it refused the connection`);
  });
});

describe('studyguide doctor', () => {
  it('reports a browser that hangs on start, and leaves nothing running', async () => {
    const fake = path.join(fakes, 'hangs-on-start');
    const run = await runCli(['doctor', '--timeout', '3'], { STUDYGUIDE_CHROME: fake });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`✗ Browser starts  the browser at ${fake} did not start within 3 s; it was stopped`);
    expect(run.survivors).toEqual([]);
  });

  it('reports an endpoint that never answers, naming it', async () => {
    const url = endpoint(await listen(() => undefined));
    const run = await runCli(['doctor', '--timeout', '3', '--browser-ws-endpoint', url]);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`could not connect to the browser at ${url}: it did not answer within 3 s`);
  });

  function endpoint(port: number) {
    return `ws://127.0.0.1:${port}/devtools/browser/fake`;
  }
});

describe('profile folders in the temporary folder', () => {
  it('a build removes those of dead studyguide processes, and nothing else', async () => {
    const tmp = path.join(root, 'tmp-sweep');
    const outside = path.join(root, 'outside');
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, 'keep.txt'), 'not ours');
    const dead = spawnSync('true').pid; // a process that has exited
    const alive = process.pid; // this test runner: still running
    const stale = path.join(tmp, `studyguide-chrome-${dead}-abcDEF`);
    const live = path.join(tmp, `studyguide-chrome-${alive}-abcDEF`);
    const foreign = path.join(tmp, 'puppeteer_dev_chrome_profile-abcDEF');
    const lookalike = path.join(tmp, `studyguide-chrome-${dead}-notours-x`);
    for (const dir of [stale, live, foreign, lookalike]) await mkdir(path.join(dir, 'Default'), { recursive: true });
    const link = path.join(tmp, `studyguide-chrome-${dead}-linkXY`);
    await symlink(outside, link);
    const run = await build({ STUDYGUIDE_CHROME: path.join(fakes, 'exits-at-once'), TMPDIR: tmp });
    expect(run.code, run.output).toBe(1);
    expect(existsSync(stale), 'a dead build’s profile is removed').toBe(false);
    for (const kept of [live, foreign, lookalike, link]) expect(existsSync(kept), kept).toBe(true);
    expect(existsSync(path.join(outside, 'keep.txt'))).toBe(true);
  });

  it.runIf(existsSync(CHROMIUM))('kill -9 leaves one behind; the next build removes it', async () => {
    const tmp = path.join(root, 'tmp-kill');
    await mkdir(tmp, { recursive: true });
    const child = spawn(
      process.execPath,
      [BIN, 'build', '--content', content, '--out', path.join(root, 'out-kill'), '--no-cache'],
      { cwd: ROOT, stdio: 'ignore', env: { ...process.env, TMPDIR: tmp } },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const watch = new DescendantWatch(child.pid ?? -1);
    const left = await waitFor(async () => {
      const found = await profilesIn(tmp);
      return found.length > 0 ? found : undefined;
    }, 60_000);
    watch.scan();
    child.kill('SIGKILL');
    await exited;
    watch.stop();
    // Its browser sees the pipe close and exits on its own.
    const survivors = (await waitFor(() => (watch.alive().length === 0 ? [] : undefined), 10_000)) ?? watch.alive();
    for (const pid of survivors) process.kill(pid, 'SIGKILL');
    expect(survivors).toEqual([]);
    expect(left, 'the build made its profile folder').toBeDefined();
    expect(await profilesIn(tmp), 'SIGKILL leaves it behind').toEqual(left);
    const run = await build({ STUDYGUIDE_CHROME: path.join(fakes, 'exits-at-once'), TMPDIR: tmp });
    expect(run.code, run.output).toBe(1);
    expect(await profilesIn(tmp)).toEqual([]);
  });
});

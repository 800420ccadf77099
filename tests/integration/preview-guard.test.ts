/**
 * The preview trusts no request. Regressions: it answered any Host header (a web page could read
 * every guide, teacher editions included, through DNS rebinding), served a guide's SVG as an active
 * document on its own origin (its scripts ran), and answered a malformed URL with a Node stack.
 */
import { request } from 'node:http';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewServer } from '../../src/preview/preview-server.js';
import { tempDir } from '../helpers/paths.js';
import { writeGuide } from '../hardening/guide-kit.js';

let root: string;
let server: PreviewServer;
let port: number;
const bugs: unknown[] = [];

beforeAll(async () => {
  root = await tempDir('studyguide-preview-guard-');
  const dir = await writeGuide(path.join(root, 'content'), 'test-guide');
  await writeFile(
    path.join(dir, 'drawing.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script><rect width="10" height="10"/></svg>',
  );
  server = await startPreview({ content: path.join(root, 'content'), onError: (e) => bugs.push(e) });
  port = Number(new URL(server.origin).port);
});
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: urlPath, method, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const TEACHER = '/test-guide/teacher/questions.html';

describe('the preview refuses what is not its own', () => {
  it('answers its own address, under each loopback name', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      expect((await get(TEACHER, { host })).status).toBe(200);
    }
  });

  it('refuses a foreign Host header (DNS rebinding) without showing the guide', async () => {
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, '127.0.0.1']) {
      const reply = await get(TEACHER, { host });
      expect(reply.status).toBe(403);
      expect(reply.body).not.toContain('test-guide');
      expect(reply.body).not.toContain('rescuers');
    }
  });

  it('refuses a request from another site (foreign Origin, cross-site fetch)', async () => {
    expect((await get(TEACHER, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/__studyguide/events', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await get(TEACHER, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await get(TEACHER, { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
  });

  it('answers only GET and HEAD', async () => {
    expect((await get(TEACHER, {}, 'POST')).status).toBe(405);
    expect((await get(TEACHER, {}, 'HEAD')).status).toBe(200);
  });

  it('answers a malformed address with 400, never a stack', async () => {
    for (const bad of ['/%E0%A4%A', '/test-guide/student/%ZZ', '/a%00b']) {
      const reply = await get(bad);
      expect(reply.status).toBe(400);
      expect(reply.body).toBe('malformed address');
    }
    expect(bugs).toEqual([]);
  });

  it('sends pages with a strict Content-Security-Policy that allows only the reload script', async () => {
    const reply = await get(TEACHER);
    const csp = String(reply.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves an SVG as an image: sandboxed, no script may run', async () => {
    const reply = await get('/test-guide/student/drawing.svg');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('image/svg+xml');
    expect(String(reply.headers['content-security-policy'])).toContain('sandbox');
    expect(String(reply.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });
});

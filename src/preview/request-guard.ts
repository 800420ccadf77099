/**
 * What the preview answers, and with which headers. It serves teacher editions on this computer
 * only, so it trusts no request by default: a foreign Host (DNS rebinding: a web page the teacher
 * visits, resolving its own name to 127.0.0.1) or a foreign Origin gets 403; every page is sent with
 * a strict Content-Security-Policy; images are images, never documents that run scripts.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The names this server may be asked for: the loopback names, on its own port. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export interface Refusal {
  status: number;
  message: string;
}

/** Why a request is refused, or undefined when it may be answered. */
export function refuseRequest(req: IncomingMessage, hosts: ReadonlySet<string>): Refusal | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, message: 'only GET and HEAD' };
  const host = (req.headers.host ?? '').toLowerCase();
  if (!hosts.has(host)) return { status: 403, message: 'this preview answers only to its own address' };
  const origin = req.headers.origin;
  if (origin !== undefined && !hosts.has(origin.toLowerCase().replace(/^http:\/\//, ''))) {
    return { status: 403, message: 'requests from other sites are refused' };
  }
  // A browser says so when another site makes the request (an <img> or <script> on a foreign page).
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') return { status: 403, message: 'requests from other sites are refused' };
  return undefined;
}

/** The path of a request, decoded; undefined when it is malformed (bad percent-encoding, NUL). */
export function requestPath(url: string | undefined): string | undefined {
  try {
    const pathname = decodeURIComponent(new URL(url ?? '/', 'http://preview.invalid').pathname);
    return pathname.includes('\0') ? undefined : pathname;
  } catch {
    return undefined;
  }
}

function scriptHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
}

/**
 * Headers for a page: only the preview's own stylesheets, fonts, images and reload script (by its
 * hash) may load, nothing may frame it, and it may connect only to its own event stream.
 */
export function pageHeaders(inlineScripts: readonly string[]): Record<string, string> {
  const csp = [
    "default-src 'none'",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "img-src 'self' data:",
    `script-src ${inlineScripts.map(scriptHash).join(' ') || "'none'"}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { 'content-security-policy': csp, ...COMMON };
}

/**
 * Headers for anything else (images, stylesheets, fonts, errors): an SVG opened on its own is
 * sandboxed and may run no script.
 */
export function assetHeaders(): Record<string, string> {
  return { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox", ...COMMON };
}

const COMMON = {
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

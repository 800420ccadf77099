/**
 * HTML output must open on its own: stylesheets are inlined and fonts become
 * data: URLs, so the file needs neither the tool nor a network.
 */
import { toolAsset } from '../pdf/asset-server.js';
import type { TemplateSet } from './templates.js';

const LINK = /<link rel="stylesheet" href="(\/assets\/[a-z0-9/-]+\.css)">/g;
const FONT_URL = /url\((\/assets\/fonts\/[a-z0-9.-]+\.woff2)\)/g;

export async function inlineAssets(html: string, templates: TemplateSet): Promise<string> {
  const sheets = new Map<string, string>();
  for (const [, href] of html.matchAll(LINK)) {
    if (!href || sheets.has(href)) continue;
    const asset = await toolAsset(href, templates);
    let css = asset ? String(asset.body) : '';
    const fonts = [...css.matchAll(FONT_URL)].map((m) => m[1] ?? '');
    for (const url of new Set(fonts)) {
      const font = await toolAsset(url, templates);
      if (font)
        css = css.split(`url(${url})`).join(`url(data:font/woff2;base64,${Buffer.from(font.body).toString('base64')})`);
    }
    sheets.set(href, css.replace(/<\/style/gi, '<\\/style'));
  }
  return html.replace(LINK, (_, href: string) => `<style>\n${sheets.get(href) ?? ''}\n</style>`);
}

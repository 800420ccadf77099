/** Validate everything a build would, without a browser; report every problem found. */
import { findGuides, guideFolder } from '../content/find-guides.js';
import { findInlineCitations } from '../content/inline-citations.js';
import { loadGuide } from '../content/load-guide.js';
import type { StudyguideError } from '../errors.js';
import { isUserError } from '../errors.js';
import { DOCUMENTS } from '../options.js';
import { renderDocumentHtml } from '../render/render-html.js';
import { loadTemplates } from '../render/templates.js';
import { variantsOf } from '../options.js';
import { resolveCheckOptions, type CheckOptionsInput } from '../resolve-options.js';

export interface CheckedGuide {
  slug: string;
  /** The guide's folder under the content folder ("year-9/<slug>"). */
  folder: string;
  ok: boolean;
  errors: StudyguideError[];
  /** Counts of what was checked. */
  citations: number;
}

export interface CheckResult {
  guides: CheckedGuide[];
  errors: number;
}

export type CheckOptions = CheckOptionsInput;

export async function check(input: CheckOptions = {}): Promise<CheckResult> {
  const options = resolveCheckOptions(input);
  const refs = await findGuides(options.content, options.slugs);
  const guides: CheckedGuide[] = [];
  // Read once for this check, and only when a guide loads: templates are part of what is checked.
  let templates: ReturnType<typeof loadTemplates> | undefined;
  for (const ref of refs) {
    const { guide, errors } = await loadGuide(ref);
    let citations = 0;
    if (guide) {
      const m = guide.meta;
      citations =
        m.people.reduce((n, p) => n + p.facts.reduce((k, f) => k + f.citations.length, 0), 0) +
        m.questions.reduce((n, q) => n + q.citations.length, 0) +
        m.comparison.reduce((n, t) => n + t.sources.length, 0) +
        m.timeline.reduce((n, e) => n + e.citations.length, 0) +
        findInlineCitations(guide.body).length;
      // Templates and fonts are part of what a build checks: render every document's HTML.
      for (const variant of [...variantsOf(options), ...variantsOf({ ...options, largePrint: true })]) {
        for (const document of DOCUMENTS) {
          try {
            templates ??= loadTemplates(options.templatesDir);
            renderDocumentHtml(guide, document, variant, { templates });
          } catch (error) {
            if (!isUserError(error)) throw error;
            if (!errors.some((e) => e.message === error.message)) errors.push(error);
          }
        }
      }
    }
    guides.push({ slug: ref.slug, folder: guideFolder(ref), ok: errors.length === 0, errors, citations });
  }
  return { guides, errors: guides.reduce((n, g) => n + g.errors.length, 0) };
}

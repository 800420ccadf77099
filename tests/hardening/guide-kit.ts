/** Write small, valid guides into temp folders, with whatever hostile parts a test needs. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const SOURCE_TEXT =
  'The rescuers worked through the night in the ruined city.\n\nA volunteer said that staying was the only choice he could live with.\n';

export function sourceFile(id: string, text = SOURCE_TEXT, extra = ''): string {
  return `---\nid: ${id}\ntitle: Test source ${id}\nkind: article\n${extra}---\n${text}`;
}

export interface GuideParts {
  /** Extra YAML appended to the front matter (top-level fields). */
  extraYaml?: string;
  /** The synopsis body. */
  body?: string;
  title?: string;
  questions?: string;
}

export const DEFAULT_QUESTIONS = `questions:
  - stage: before
    level: recall
    prompt: What do the rescuers do?
    teacher_notes: They work through the night.
    citations:
      - source: notes
        quote: worked through the night
`;

export function guideFile(parts: GuideParts = {}): string {
  return `---
title: ${JSON.stringify(parts.title ?? 'A Test Guide')}
work:
  title: A Test Film
  year: 2017
  kind: documentary
audience: Grades 9–12
advisory: Shows war.
people:
  - id: volunteer
    name: The volunteer
    role: rescuer
    description: A volunteer who stays.
    facts:
      - text: He chose to stay.
        citations:
          - source: notes
            quote: staying was the only choice
${parts.questions ?? DEFAULT_QUESTIONS}${parts.extraYaml ?? ''}---
${parts.body ?? 'The rescuers stay in the city [@notes "worked through the night"].\n'}`;
}

/** content/<slug>/guide.md and content/<slug>/sources/notes.md under `contentDir`. */
export async function writeGuide(
  contentDir: string,
  slug: string,
  parts: GuideParts = {},
  sources: Record<string, string> = {},
) {
  const dir = path.join(contentDir, slug);
  await mkdir(path.join(dir, 'sources'), { recursive: true });
  await writeFile(path.join(dir, 'guide.md'), guideFile(parts));
  const all = { 'notes.md': sourceFile('notes'), ...sources };
  for (const [name, text] of Object.entries(all)) await writeFile(path.join(dir, 'sources', name), text);
  return dir;
}

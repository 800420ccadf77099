/**
 * Templates live in templates/ (layouts, partials, documents, styles): what a
 * designer edits, with no logic. Each runs in its own Handlebars environment in
 * strict mode, so a template that reads a missing field fails with the
 * template's name and line instead of printing an empty space.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { TemplateError } from '../errors.js';
import { registerHelpers } from './helpers.js';

export { DEFAULT_TEMPLATES_DIR } from './template-dir.js';
import { DEFAULT_TEMPLATES_DIR } from './template-dir.js';

type Compiled = (context: unknown) => string;

export interface TemplateSet {
  dir: string;
  render(document: string, context: unknown): string;
  has(document: string): boolean;
  /** Text of a stylesheet under templates/styles/. */
  style(name: string): string;
}

/**
 * Read and compile the templates of a folder, now. There is no process-wide cache: a build (or a
 * check, or one state of the preview) loads its templates once and passes the set down, so a
 * template edited between two builds of one process is seen by the second.
 */
export function loadTemplates(dir: string = DEFAULT_TEMPLATES_DIR): TemplateSet {
  return createTemplateSet(path.resolve(dir));
}

function listHbs(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.hbs'))
      .sort();
  } catch {
    return [];
  }
}

/** A template's text, kept to tell which template a runtime error came from. */
interface TemplateSource {
  file: string;
  name: string;
  lines: string[];
}

/**
 * A file of the templates folder, read only when it lies inside it, links resolved: a partial or a
 * stylesheet that is a link to a file elsewhere (/etc/passwd, a private note) would print it.
 */
function readTemplateFile(file: string, root: string): string {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return readFileSync(file, 'utf8'); // not there: reading it says so
  }
  if (!real.startsWith(root + path.sep)) {
    throw new TemplateError('this template file is a link to a file outside the templates folder; it is not read', {
      location: { file },
      hint: 'copy the file into the templates folder instead of linking to it.',
    });
  }
  return readFileSync(real, 'utf8');
}

function realFolder(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

function createTemplateSet(dir: string): TemplateSet {
  const root = realFolder(dir);
  const hb = Handlebars.create();
  const sources: TemplateSource[] = [];
  registerHelpers(hb);
  const partialsDir = path.join(dir, 'partials');
  for (const file of listHbs(partialsDir)) {
    const name = file.replace(/\.hbs$/, '');
    const compiled = compileFile(hb, path.join(partialsDir, file), `partials/${file}`, sources, root);
    hb.registerPartial(name, compiled as Handlebars.Template);
  }
  const documents = new Map<string, Compiled>();
  const documentsDir = path.join(dir, 'documents');
  for (const file of listHbs(documentsDir)) {
    documents.set(
      file.replace(/\.hbs$/, ''),
      compileFile(hb, path.join(documentsDir, file), `documents/${file}`, sources, root),
    );
  }
  const styles = new Map<string, string>();
  return {
    dir,
    has: (document) => documents.has(document),
    render(document, context) {
      const template = documents.get(document);
      if (!template) {
        throw new TemplateError(`there is no template for the document "${document}"`, {
          location: { file: path.join(documentsDir, `${document}.hbs`) },
          hint: 'restore the template from the studyguide package or pass the right --templates folder.',
        });
      }
      return template(context);
    },
    style(name) {
      let css = styles.get(name);
      if (css === undefined) {
        const file = path.join(dir, 'styles', name);
        try {
          statSync(file);
          css = readTemplateFile(file, root);
        } catch (cause) {
          if (cause instanceof TemplateError) throw cause;
          throw new TemplateError(`the stylesheet "styles/${name}" is missing`, {
            location: { file },
            hint: 'restore it from the studyguide package.',
            cause,
          });
        }
        styles.set(name, css);
      }
      return css;
    },
  };
}

function compileFile(
  hb: typeof Handlebars,
  file: string,
  name: string,
  sources: TemplateSource[],
  root: string,
): Compiled {
  const source = readTemplateFile(file, root);
  const self = { file, name, lines: source.split('\n') };
  sources.push(self);
  let compiled: HandlebarsTemplateDelegate;
  try {
    compiled = hb.compile(source, { strict: true, noEscape: false, preventIndent: true });
    // Compile now, so that syntax errors surface when templates load, not mid-build.
    hb.precompile(source, { strict: true });
  } catch (cause) {
    throw templateError(cause, file, name);
  }
  return (context: unknown, options?: unknown) => {
    try {
      return compiled(context, options as Handlebars.RuntimeOptions);
    } catch (cause) {
      if (cause instanceof TemplateError) throw cause;
      // A partial block's content runs inside the partial ({{#> layout}}...{{/layout}}): Handlebars gives
      // the line but not the template, so find the template that reads the field at that line.
      const origin = templateReading(cause, [self, ...sources.filter((s) => s !== self)]) ?? self;
      throw templateError(cause, origin.file, origin.name);
    }
  };
}

function templateError(cause: unknown, file: string, name: string): TemplateError {
  const error = cause as { message?: string; lineNumber?: number; column?: number };
  const message = String(error.message ?? cause);
  const parseLine = /Parse error on line (\d+)/.exec(message)?.[1];
  const line = error.lineNumber ?? (parseLine ? Number(parseLine) : undefined);
  const missing = /^"([^"]+)" not defined/.exec(message)?.[1];
  return new TemplateError(
    missing
      ? `template ${name} reads the field "${missing}", which the content does not have`
      : `template ${name} failed: ${syntaxMessage(message)}`,
    {
      location: { file, line, column: error.column === undefined ? undefined : error.column + 1 },
      hint: missing
        ? 'fix the field name in the template, or guard it with {{#if}}; templates run in strict mode.'
        : 'fix the template syntax at that line.',
      cause,
      restatesCause: true,
    },
  );
}

function templateReading(cause: unknown, candidates: TemplateSource[]): TemplateSource | undefined {
  const error = cause as { message?: string; lineNumber?: number };
  const missing = /^"([^"]+)" not defined/.exec(String(error.message ?? ''))?.[1];
  if (!missing || error.lineNumber === undefined) return undefined;
  const line = error.lineNumber;
  return candidates.find((c) =>
    new RegExp(`{{[^}]*\\b${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(c.lines[line - 1] ?? ''),
  );
}

/** Handlebars' first message line, in words: "if doesn't match layout - 2:3" names the unclosed block. */
function syntaxMessage(message: string): string {
  const first = (message.split('\n')[0] ?? message).replace(/ - \d+:\d+$/, '');
  const mismatch = /^(\S+) doesn't match (\S+)$/.exec(first);
  if (mismatch) return `{{#${mismatch[1]}}} is not closed (found {{/${mismatch[2]}}} first)`;
  return first;
}

/**
 * Split a Markdown file into YAML front matter and body with gray-matter, and
 * parse the YAML with `yaml` so that every node keeps its position (errors name
 * file:line:column, schema errors name the line of the field).
 *
 * gray-matter can evaluate JavaScript front matter (`---js`); that is how
 * md-to-pdf got a remote-code-execution bug. We accept YAML only, refuse every
 * other language before gray-matter sees it, and give gray-matter no engine
 * that could run code.
 */
import matter from 'gray-matter';
import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  YAMLParseError,
  type Document,
  type YAMLMap,
} from 'yaml';
import { FrontMatterError, LimitError } from '../errors.js';

export interface ParsedFile {
  file: string;
  /** The front matter as plain data (not yet validated). */
  data: unknown;
  /** The Markdown body, verbatim. */
  body: string;
  /** 1-based line in `bodyFile` where the body starts. */
  bodyLine: number;
  /** The file the body comes from: the file itself, or synopsis.md beside a guide.yaml. */
  bodyFile: string;
  /** Line of a front-matter field path, or of its closest existing ancestor. */
  lineOf: (path: readonly PropertyKey[]) => number | undefined;
}

const FENCE = /^\uFEFF?---([^\r\n]*)\r?\n/;
const YAML_LANGUAGES = new Set(['', 'yaml', 'yml']);
/** How far YAML aliases may expand (yaml counts resolved nodes per alias). */
export const MAX_ALIAS_COUNT = 100;

function refuse(language: string): never {
  throw new Error(`front matter language "${language}" is not allowed`);
}

const SAFE_ENGINES = {
  js: () => refuse('js'),
  javascript: () => refuse('javascript'),
  coffee: () => refuse('coffee'),
  coffeescript: () => refuse('coffeescript'),
  json: () => refuse('json'),
  toml: () => refuse('toml'),
};

export function parseFrontMatter(file: string, raw: string, { required = true } = {}): ParsedFile {
  const fence = FENCE.exec(raw);
  if (!fence) {
    if (required) {
      throw new FrontMatterError('the file does not start with YAML front matter', {
        location: { file, line: 1, column: 1 },
        hint: 'begin the file with a line "---", the YAML fields, and another line "---".',
      });
    }
    return { file, data: {}, body: raw, bodyLine: 1, bodyFile: file, lineOf: () => undefined };
  }
  const language = (fence[1] ?? '').trim().toLowerCase();
  if (!YAML_LANGUAGES.has(language)) {
    throw new FrontMatterError(`front matter in "${language}" is not allowed; only YAML is read`, {
      location: { file, line: 1, column: 4 },
      hint: 'remove the language after the opening "---" and write the front matter as YAML. Front matter is never run as code.',
    });
  }
  let yamlText = '';
  let body: string;
  try {
    const parsed = matter(raw.replace(/^\uFEFF/, ''), {
      language: 'yaml',
      engines: {
        ...SAFE_ENGINES,
        yaml: (text: string) => {
          yamlText = text;
          return {};
        },
      },
    });
    body = parsed.content;
  } catch (cause) {
    throw new FrontMatterError('the front matter could not be read', {
      location: { file, line: 1 },
      hint: 'check the opening and closing "---" lines.',
      cause,
    });
  }
  if (!/\r?\n---[ \t]*(\r?\n|$)/.test(raw.slice(fence[0].length - 1))) {
    throw new FrontMatterError('the front matter is not closed', {
      location: { file, line: 1 },
      hint: 'add a line "---" after the last YAML field.',
    });
  }
  // gray-matter hands the engine the text after the opening fence's language,
  // starting with the newline that ends the fence line: its line N is file line N.
  const yaml = parseYaml(file, yamlText, 'front matter');
  const bodyStart = raw.length - body.length;
  const bodyLine = countLines(raw, bodyStart);
  return { file, data: yaml.data, body, bodyLine, bodyFile: file, lineOf: yaml.lineOf };
}

/**
 * Read a whole YAML file (guide.yaml) the way front matter is read: same
 * errors, same limits, a line for every field. It has no body of its own.
 */
export function parseYamlFile(file: string, raw: string): Pick<ParsedFile, 'file' | 'data' | 'lineOf'> {
  return { file, ...parseYaml(file, raw.replace(/^\uFEFF/, ''), 'YAML file') };
}

/** Parse YAML text whose line N is line N of `file`. */
function parseYaml(
  file: string,
  yamlText: string,
  what: 'front matter' | 'YAML file',
): Pick<ParsedFile, 'data' | 'lineOf'> {
  const lineCounter = new LineCounter();
  // CRLF files: gray-matter leaves a "\r" on the last line; normalising keeps every line number.
  // yaml's own unique-key check compares each key with every earlier one (quadratic in a map's
  // size): keys are checked here instead, with one set per mapping.
  const doc = parseDocument(yamlText.replace(/\r\n?/g, '\n'), {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: false,
    strict: true,
  });
  const firstError = firstOf(doc.errors[0], duplicateKey(doc, lineCounter));
  if (firstError) {
    const pos = firstError.linePos?.[0];
    if (firstError.code === 'MULTIPLE_DOCS') {
      // Front matter never has a second document (gray-matter stops at "---"); a guide.yaml copied from one may.
      throw new FrontMatterError('a "---" line starts a second YAML document here; the file holds one', {
        location: { file, line: pos?.line ?? 1 },
        hint: 'remove the "---" line; beside guide.yaml, the synopsis goes in synopsis.md.',
        cause: firstError,
      });
    }
    throw new FrontMatterError(`invalid YAML: ${firstMessageLine(firstError.message)}`, {
      location: { file, line: pos?.line ?? 1, column: pos?.col ?? 1 },
      hint: yamlHint(firstError.code),
      cause: firstError,
      restatesCause: true,
    });
  }
  const badKey = collectionKey(doc);
  if (badKey !== undefined) {
    throw new FrontMatterError('a key here is a list or a mapping; a field name is plain text', {
      location: { file, line: lineCounter.linePos(badKey).line, column: lineCounter.linePos(badKey).col },
      hint: 'write the field name as a word followed by a colon (e.g. "title: ..."); remove the "?" before it.',
    });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (cause) {
    if (!(cause instanceof ReferenceError)) throw cause;
    // Found by fuzzing: yaml reports an alias to a missing anchor only when it builds the data.
    const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(cause.message);
    if (unresolved) {
      throw new FrontMatterError(`the YAML alias "*${unresolved[1]}" points at no anchor`, {
        location: { file, line: firstAliasLine(doc, lineCounter, unresolved[1]) },
        hint: 'a value starting with * is an alias; put text that starts with * inside "double quotes".',
        cause,
        restatesCause: true,
      });
    }
    // yaml refuses alias chains that expand too far ("billion laughs"); anything else is a bug.
    if (!/resource exhaustion/.test(cause.message)) throw cause;
    throw new LimitError(
      `the ${what === 'front matter' ? "front matter's " : ''}YAML aliases (*name) expand too far; the limit is ${MAX_ALIAS_COUNT} expansions`,
      {
        location: { file, line: firstAliasLine(doc, lineCounter) },
        hint: 'write the repeated values out instead of pointing at them with &anchors and *aliases.',
        cause,
        restatesCause: true,
      },
    );
  }
  return { data, lineOf: (path) => lineOfPath(doc, lineCounter, path) };
}

/** The earlier of two problems in the text. */
function firstOf(a: YAMLParseError | undefined, b: YAMLParseError | undefined): YAMLParseError | undefined {
  if (!a || !b) return a ?? b;
  return b.pos[0] < a.pos[0] ? b : a;
}

/** The first key that repeats an earlier key of its mapping, as yaml would report it (one pass, a set per mapping). */
/**
 * Where a key is a list or a mapping (`? [a, b]`), or undefined. No field's name is one, and turning it
 * into text would print a Node warning on the user's terminal.
 */
function collectionKey(doc: Document): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (!isMap(pair.key) && !isSeq(pair.key)) return undefined;
      found = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return found;
}

function duplicateKey(doc: Document, lines: LineCounter): YAMLParseError | undefined {
  let found: number | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        // yaml compares scalar keys by value and any other key by identity (never equal to another).
        if (!isScalar(pair.key)) continue;
        const value: unknown = pair.key.value;
        if (!seen.has(value)) {
          seen.add(value);
          continue;
        }
        const offset = pair.key.range?.[0];
        if (offset !== undefined && (found === undefined || offset < found)) found = offset;
        break;
      }
      return undefined;
    },
  });
  if (found === undefined) return undefined;
  const at = lines.linePos(found);
  const error = new YAMLParseError(
    [found, found + 1],
    'DUPLICATE_KEY',
    `Map keys must be unique at line ${at.line}, column ${at.col}`,
  );
  error.linePos = [at];
  return error;
}

function firstAliasLine(doc: Document, lines: LineCounter, name?: string): number | undefined {
  let line: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (name !== undefined && node.source !== name) return undefined;
      if (node.range) line = lines.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

function firstMessageLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each field may appear once; remove or rename the repeated one.';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and that every [ or { is closed.';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs.';
    default:
      return 'fix the YAML at that position; text with a colon or quote in it is safest inside "double quotes".';
  }
}

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function lineOfPath(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  const keys = path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  for (let depth = keys.length; depth >= 0; depth--) {
    const range = depth === 0 ? doc.contents?.range : fieldNode(doc, keys.slice(0, depth))?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return undefined;
}

/** Each mapping's keys by value, built once: asking for the line of every one of many fields stays linear. */
const keyIndexes = new WeakMap<object, Map<unknown, { range?: [number, number, number] | null }>>();

function keyIndex(map: YAMLMap): Map<unknown, { range?: [number, number, number] | null }> {
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const item of map.items) {
      const key: unknown = isScalar(item.key) ? item.key.value : item.key;
      // The first pair with a key is the one find() used to return.
      if (!index.has(key) && item.key) index.set(key, item.key);
    }
    keyIndexes.set(map, index);
  }
  return index;
}

/** The node that starts a field: a mapping's key (not its value, which may begin a line later) or a list item. */
function fieldNode(
  doc: Document,
  keys: Array<string | number>,
): { range?: [number, number, number] | null } | undefined {
  const parent = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1), true);
  const last = keys[keys.length - 1];
  if (isMap(parent)) return keyIndex(parent).get(last) ?? undefined;
  if (isSeq(parent) && typeof last === 'number')
    return parent.items[last] as { range?: [number, number, number] } | undefined;
  return undefined;
}

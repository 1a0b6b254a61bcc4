/**
 * One content file's text checked the way the build reads it: front matter or YAML parsed with the
 * 1.2 core schema (dates stay text, so the schema judges them), then the collection's zod schema,
 * each problem tied to its line. Pure: the build (check-fs.ts) and the CMS's pre-save check
 * (cms/save-check.ts, on the very bytes Decap is about to write) both run it.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { core, z, ZodType } from 'astro/zod';
import type { ContentProblem } from './integrity.ts';
import { bodyHtmlProblems } from './markdown-body.ts';

type ZodIssue = core.$ZodIssue;

interface ParsedFile {
  doc: Document;
  lines: LineCounter;
  /** Lines before the YAML starts in the file (the opening `---` of front matter). */
  lineOffset: number;
}

/**
 * Front matter as Astro reads it: an optional byte-order mark and blank lines, a `---` line, the
 * YAML, and a closing `---` line. The `d` flag gives the YAML's offset, so lines map back to the file.
 */
export const FRONT_MATTER = /^\uFEFF?(?:[ \t]*\r?\n)*---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/d;
const OPENS_FRONT_MATTER = /^\uFEFF?(?:[ \t]*\r?\n)*---[ \t]*(?:\r?\n|$)/;

/** A file name that is already a URL segment: Astro would otherwise slugify it into a different address. */
export const URL_SAFE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function parseYaml(text: string, lineOffset: number): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  return { doc, lines, lineOffset };
}

/**
 * The line where `field` is written: the line of its key (or list item), or, when the field is
 * missing, of the nearest parent that is written, so the editor lands in the right block.
 */
function lineOf(parsed: ParsedFile, field: readonly PropertyKey[]): number | undefined {
  let node: unknown = parsed.doc.contents;
  let offset: number | undefined;
  for (const segment of field) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) break;
      offset = isScalar(pair.key) ? pair.key.range?.[0] : offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (!item) break;
      offset = (item as { range?: [number, number, number] }).range?.[0];
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : parsed.lines.linePos(offset).line + parsed.lineOffset;
}

/** Turns zod issues into problems, one per unknown field, each with the line it is written on. */
function toProblems(file: string, parsed: ParsedFile, issues: readonly ZodIssue[]): ContentProblem[] {
  return issues.flatMap((issue) => {
    const fields =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({
            path: [...issue.path, key],
            message: `There is no field "${key}" here. Check its spelling, or remove it.`,
          }))
        : [{ path: issue.path, message: issue.message }];
    return fields.map(({ path: field, message }) => {
      const line = lineOf(parsed, field);
      return { file, field: field.map(String).join('.'), ...(line === undefined ? {} : { line }), message };
    });
  });
}

/**
 * Anchors (&name), aliases (*name) and merge keys (<<) let one file say two things: `team: &k sample`
 * then `*k : true` is a field `sample` that no line spells, and readers disagree on merge keys (the
 * 1.2 core schema has none; js-yaml, which Astro reads data files with, merges). Decap never writes
 * them, so refusing them costs an editor nothing and keeps what a file says the same for every reader.
 */
function anchorProblems(file: string, parsed: ParsedFile): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const report = (offset: number | undefined, what: string) => {
    const line = offset === undefined ? undefined : parsed.lines.linePos(offset).line + parsed.lineOffset;
    problems.push({ file, field: '', ...(line === undefined ? {} : { line }), message: `YAML anchors and aliases (&name, *name, <<) are not allowed in content: write the value out (here: ${what}).` });
  };
  visit(parsed.doc, {
    Alias(_, node) {
      report(node.range?.[0], `*${node.source}`);
    },
    Node(_, node) {
      if (node.anchor !== undefined) report(node.range?.[0], `&${node.anchor}`);
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === '<<') report(pair.key.range?.[0], '<<');
    },
  });
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** Checks one file's text; returns its parsed data when it is valid. */
export function checkFile<S extends ZodType>(
  file: string,
  text: string,
  format: 'markdown' | 'data',
  schema: S,
  options: {
    /**
     * Read anchors and aliases instead of refusing them: for a version already committed (the award
     * history), which is read as the build read it then, whether or not it could be written today.
     */
    readAliases?: boolean;
  } = {},
): { data?: z.output<S>; body?: string; problems: ContentProblem[] } {
  const fail = (message: string, line?: number) => ({
    problems: [{ file, field: '', ...(line === undefined ? {} : { line }), message }],
  });
  let parsed: ParsedFile;
  let body: string | undefined;
  const bodyProblems: ContentProblem[] = [];
  if (format === 'markdown') {
    const match = FRONT_MATTER.exec(text);
    if (!match) {
      return OPENS_FRONT_MATTER.test(text)
        ? fail('The front matter is never closed: add a line "---" after the last field, before the body.', 1)
        : fail('The file must start with front matter: a line "---", the fields in YAML, and another "---".', 1);
    }
    const yamlStart = match.indices?.[1]?.[0] ?? 0;
    parsed = parseYaml(match[1] ?? '', text.slice(0, yamlStart).split('\n').length - 1);
    bodyProblems.push(...bodyHtmlProblems(file, text, match[0].length));
    body = text.slice(match[0].length);
  } else {
    parsed = parseYaml(text.replace(/^\uFEFF/, ''), 0);
  }

  if (parsed.doc.errors.length > 0) {
    return {
      problems: parsed.doc.errors.map((error) => ({
        file,
        field: '',
        line: parsed.lines.linePos(error.pos[0]).line + parsed.lineOffset,
        message: `This is not valid YAML (${error.message.split('\n')[0]?.replace(/\.$/, '')}). Check the indentation and quoting on that line.`,
      })),
    };
  }

  const aliasProblems = options.readAliases ? [] : anchorProblems(file, parsed);
  if (aliasProblems.length > 0) return { problems: [...aliasProblems, ...bodyProblems] };

  const data: unknown = parsed.doc.toJS() ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail('The file must hold fields as "name: value" lines, not a list or a single value.', 1);
  }
  const result = schema.safeParse(data);
  if (result.success && bodyProblems.length === 0) return { data: result.data, ...(body === undefined ? {} : { body }), problems: [] };
  return { problems: [...(result.success ? [] : toProblems(file, parsed, result.error.issues)), ...bodyProblems] };
}

/**
 * Reads every file in content/ the way an editor wrote it and checks it against the collection
 * schemas and the cross-entry rules, before Astro builds anything. Node-only.
 *
 * Why not rely on Astro's own validation alone: Astro's YAML reader turns an impossible date such
 * as 2022-13-45 into a real, different date (2023-02-14) before the schema sees it, and it reports
 * neither line numbers nor broken references between collections. Here YAML is read with the 1.2
 * core schema, so dates stay text and the schema judges them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { ZodType } from 'astro/zod';
import { collectionSpecs, type CollectionName } from '../../schemas/collections.ts';
import { checkIntegrity, type CheckedEntry, type ContentProblem } from './integrity.ts';

export interface ContentReport {
  /** Number of files read. */
  files: number;
  problems: ContentProblem[];
}

interface ParsedFile {
  doc: Document;
  lines: LineCounter;
  /** Lines before the YAML starts in the file (the opening `---` of front matter). */
  lineOffset: number;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n?---\s*(?:\r?\n|$)/;

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

/** Checks one file's text; returns its parsed data when it is valid. */
export function checkFile(
  file: string,
  text: string,
  format: 'markdown' | 'data',
  schema: ZodType,
): { data?: unknown; problems: ContentProblem[] } {
  let parsed: ParsedFile;
  if (format === 'markdown') {
    const match = FRONT_MATTER.exec(text);
    if (!match) {
      return {
        problems: [
          {
            file,
            field: '',
            line: 1,
            message: 'The file must start with front matter: a line "---", the fields in YAML, and another "---".',
          },
        ],
      };
    }
    parsed = parseYaml(match[1] ?? '', 1);
  } else {
    parsed = parseYaml(text, 0);
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

  const result = schema.safeParse(parsed.doc.toJS() ?? {});
  if (result.success) return { data: result.data, problems: [] };
  return {
    problems: result.error.issues.map((issue) => {
      const line = lineOf(parsed, issue.path);
      return {
        file,
        field: issue.path.map(String).join('.'),
        ...(line === undefined ? {} : { line }),
        message: issue.message,
      };
    }),
  };
}

/** Reads and checks every collection under `root` (the repository root). */
export async function checkContent(root: string): Promise<ContentReport> {
  const entries = {} as { [C in CollectionName]: CheckedEntry[] };
  const problems: ContentProblem[] = [];
  let files = 0;

  for (const [name, spec] of Object.entries(collectionSpecs) as [CollectionName, (typeof collectionSpecs)[CollectionName]][]) {
    entries[name] = [];
    const folder = path.join(root, spec.folder);
    const found = (await glob(spec.pattern, { cwd: folder })).sort();
    for (const relative of found) {
      files += 1;
      const file = `${spec.folder}/${relative}`;
      const text = await readFile(path.join(folder, relative), 'utf8');
      const checked = checkFile(file, text, spec.format, spec.schema);
      problems.push(...checked.problems);
      if (checked.problems.length === 0) {
        entries[name].push({ collection: name, id: relative.replace(/\.[^.]+$/, ''), file, data: checked.data });
      }
    }
  }
  // Cross-entry rules only make sense once every entry is valid on its own.
  if (problems.length === 0) problems.push(...checkIntegrity(entries));
  return { files, problems };
}

/** The report as an editor reads it in a terminal or a CI log, grouped by file. */
export function formatReport(report: ContentReport): string {
  const byFile = new Map<string, ContentProblem[]>();
  for (const problem of report.problems) {
    byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem]);
  }
  const count = report.problems.length;
  const out = [
    `Content check failed: ${count} ${count === 1 ? 'problem' : 'problems'} in ${byFile.size} ${byFile.size === 1 ? 'file' : 'files'}. Nothing was built.`,
  ];
  for (const [file, list] of byFile) {
    out.push('', file);
    for (const p of list) {
      const where = [p.line === undefined ? '' : `line ${p.line}`, p.field ? `field "${p.field}"` : '']
        .filter(Boolean)
        .join(', ');
      out.push(`  ${where ? `${where}: ` : ''}${p.message}`);
    }
  }
  out.push('', 'Fix the fields above and build again. The site already published has not been changed.');
  return out.join('\n');
}

/**
 * An LMS export as the award import reads it: bytes to text, text to records that keep the file's
 * own line numbers, and the grade columns of a D2L Brightspace export (onQ is Brightspace) by the
 * grammar Brightspace writes them in. Pure: no I/O, no awards; award-import.ts decides who earned what.
 *
 * What Brightspace writes (Grades > Export; see tests/fixtures/lms/SOURCE.md for where this comes from):
 * - UTF-8 with a byte-order mark, CRLF line ends; OrgDefinedId and Username prefixed with "#" (so a
 *   spreadsheet keeps leading zeros); a last column "End-of-Line Indicator" holding "#".
 * - One column per grade item and kind of value:
 *   "<item> Points Grade <Numeric MaxPoints:100 Weight:100 Category:… CategoryWeight:…>" (points),
 *   "<item> Scheme Symbol" or "<item> Grade Symbol" (a symbol such as Pass, or a percentage "85 %"),
 *   "<item> Numerator" / "<item> Denominator" (Calculated and Adjusted Final Grade, category subtotals),
 *   "<item> Text Grade <Text>" (free text, never a completion).
 * A file re-saved by Excel on Windows is Windows-1252 without a BOM; Excel's "Unicode Text" is UTF-16.
 */
import { parse } from 'csv-parse/sync';

export class ImportError extends Error {
  readonly code: 'ERR_IMPORT_ACHIEVEMENT' | 'ERR_IMPORT_COLUMNS' | 'ERR_IMPORT_CSV' | 'ERR_IMPORT_DATE' | 'ERR_IMPORT_ENCODING' | 'ERR_IMPORT_RULE' | 'ERR_IMPORT_OPTIONS';
  constructor(code: ImportError['code'], message: string) {
    super(message);
    this.name = 'ImportError';
    this.code = code;
  }
}

export interface DecodedExport {
  text: string;
  encoding: 'UTF-8' | 'Windows-1252' | 'UTF-16';
  /** Said to staff when the file was not UTF-8, so they check the names in the preview. */
  notice?: string;
}

/** Bytes Windows-1252 leaves undefined: a file holding one is not Windows-1252 either. */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
const RESAVE = 'Open it in Excel and save it again with File > Save As > "CSV UTF-8 (Comma delimited)", or export it from onQ again.';

/**
 * The export's text. UTF-8 (a BOM is dropped) is read as is; UTF-16 with its BOM (Excel's "Unicode
 * Text") is decoded; anything else must be Windows-1252, which is what Excel writes for "CSV (Comma
 * delimited)" on an English or French Windows, and is decoded as that with a notice. A file that is
 * none of these, or whose text already holds U+FFFD (a character lost by an earlier conversion), is
 * refused: a replacement character must never reach an award, a credential or a message.
 */
export function decodeExport(bytes: Uint8Array, file: string): DecodedExport {
  let decoded: DecodedExport;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) decoded = { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) decoded = { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  else if (looksLikeUtf16(bytes)) {
    throw new ImportError('ERR_IMPORT_ENCODING', `${file} is UTF-16 text without the mark that says which byte comes first, so it cannot be read safely. ${RESAVE}`);
  } else {
    try {
      decoded = { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'UTF-8' };
    } catch {
      const stray = bytes.findIndex((b) => UNDEFINED_IN_1252.has(b));
      if (stray >= 0) {
        throw new ImportError('ERR_IMPORT_ENCODING', `${file} is neither UTF-8 nor Windows-1252 (byte ${stray + 1} is 0x${bytes[stray]!.toString(16)}), so its names cannot be read safely. ${RESAVE}`);
      }
      decoded = {
        text: new TextDecoder('windows-1252').decode(bytes),
        encoding: 'Windows-1252',
        notice: `${file} is not UTF-8: it was read as Windows-1252, the encoding Excel saves "CSV (Comma delimited)" in. Check that accented names (é, ç, ö) read correctly below before importing; if not, ${RESAVE.charAt(0).toLowerCase()}${RESAVE.slice(1)}`,
      };
    }
  }
  const lost = decoded.text.indexOf('\uFFFD');
  if (lost >= 0) {
    const line = decoded.text.slice(0, lost).split(/\r\n?|\n/).length;
    throw new ImportError('ERR_IMPORT_ENCODING', `${file}, line ${line}: the text holds "\uFFFD", a character already lost by an earlier conversion, so a name would be published wrong. Fix that line from the original (or export from onQ again) and save as "CSV UTF-8".`);
  }
  return decoded;
}

/** Text saved as UTF-16 without a byte-order mark: a NUL in every other byte of a stretch of ASCII. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 200);
  if (head.length < 4) return false;
  let zeros = 0;
  for (let i = 0; i < head.length; i++) if (head[i] === 0) zeros++;
  return zeros >= head.length / 4;
}

/**
 * Email addresses in a text about the file (a list of its columns, a CSV parser's message quoting a
 * value) replaced by a placeholder: the import never prints an address, even of a file it cannot read.
 */
export function withoutEmails(text: string): string {
  return text.replace(/[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+/g, '(an email address)');
}

export interface ExportRecord {
  /** The line of the file this record starts on (1 is the header), blank lines counted. */
  line: number;
  fields: Record<string, string>;
  /** Values beyond the header's last column: a comma inside an unquoted value ("8,5") splits it. */
  extra: boolean;
}

export interface ExportTable {
  header: string[];
  records: ExportRecord[];
}

/**
 * The records of a CSV export with their true line numbers. Line ends are made "\n" first (csv-parse
 * counts a CRLF inside a quoted field as two lines), and blank lines are read as records and then
 * dropped, so every record starts on the line after the previous one ended. A row of empty fields
 * (",,,," as spreadsheets save a blank row) is blank too. The delimiter is the one the header uses:
 * a comma, or a semicolon or tab as some locales save.
 */
export function readTable(text: string): ExportTable {
  let normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // Lines before the header: blank ones, and the "sep=;" line Excel writes to name the delimiter.
  let skipped = 0;
  let delimiter: string | undefined;
  for (;;) {
    const end = normalised.indexOf('\n');
    const first = end < 0 ? normalised : normalised.slice(0, end);
    const sep = /^sep=(.)$/i.exec(first.trim());
    if (first.trim() !== '' && !sep) break;
    if (sep) delimiter = sep[1];
    if (end < 0) throw new ImportError('ERR_IMPORT_CSV', 'The file is empty: export it from onQ again.');
    normalised = normalised.slice(end + 1);
    skipped++;
  }
  const firstLine = normalised.slice(0, normalised.indexOf('\n') >>> 0);
  delimiter ??= [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length })).sort((a, b) => b.n - a.n)[0]!.d;
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(normalised, { delimiter, info: true, relax_column_count: true, skip_empty_lines: false }) as unknown as typeof rows;
  } catch (error) {
    const { message, lines } = error as Error & { lines?: number };
    const where = lines !== undefined ? ` (near line ${lines + skipped})` : '';
    throw new ImportError('ERR_IMPORT_CSV', withoutEmails(`The file is not readable CSV${where}: ${message.replace(/\s*at line \d+\.?$/, '')}. A quote (") opened in a value and never closed is the usual cause: export the file from onQ again.`));
  }
  const [head, ...body] = rows;
  if (!head) throw new ImportError('ERR_IMPORT_CSV', 'The file is empty: export it from onQ again.');
  const header = head.record.map((name) => name.trim());
  // Columns are found ignoring case ("Email", "EMAIL"), so names are compared the same way.
  const lower = header.map((name) => name.toLowerCase());
  const twice = header.filter((name, i) => name && lower.indexOf(name.toLowerCase()) !== i);
  if (twice.length > 0) {
    // Which of two "Email" columns is the learner's? Not guessed.
    throw new ImportError('ERR_IMPORT_COLUMNS', `The header names ${[...new Set(twice)].map((n) => `"${n}"`).join(', ')} more than once, so it cannot be told which column is meant. Export the file again from onQ, or remove the extra column.`);
  }
  const records: ExportRecord[] = [];
  let previousEnd = head.info.lines + skipped;
  for (const { record, info } of body) {
    const line = previousEnd + 1;
    previousEnd = info.lines + skipped;
    if (record.every((field) => field.trim() === '')) continue;
    // No prototype: a column named "__proto__" or "constructor" is just a column.
    const fields: Record<string, string> = Object.create(null);
    header.forEach((name, i) => {
      if (name) fields[name] = (record[i] ?? '').trim();
    });
    records.push({ line, fields, extra: record.slice(header.length).some((field) => field.trim() !== '') });
  }
  return { header, records };
}

/** One grade item of a Brightspace export and the columns that hold its values. */
export interface GradeItem {
  /** As Brightspace names it: "Innovation Skills Training", "Calculated Final Grade". */
  name: string;
  /** "<item> Points Grade <Numeric MaxPoints:…>": points, with the maximum when the header gives it. */
  points?: { column: string; maxPoints?: number };
  /** "<item> Scheme Symbol" / "Grade Symbol": a symbol (Pass, A+) or a percentage ("85 %"). */
  symbol?: { column: string };
  /** "<item> Numerator" and "<item> Denominator". */
  fraction?: { numerator: string; denominator: string };
}

const POINTS = /^(.+?) Points Grade(?: <([^>]*)>)?$/i;
const SYMBOL = /^(.+?) (?:Scheme|Grade) Symbol$/i;
const FRACTION = /^(.+?) (Numerator|Denominator)$/i;

/** Grade items by lower-cased name, in the order the header lists them. Other columns are not grades. */
export function gradeItems(header: readonly string[]): Map<string, GradeItem> {
  const items = new Map<string, GradeItem>();
  const item = (name: string) => {
    const key = itemKey(name);
    let found = items.get(key);
    if (!found) items.set(key, (found = { name: name.trim() }));
    return found;
  };
  const halves = new Map<string, { numerator?: string; denominator?: string; name: string }>();
  // Two columns of one kind for one item ("X Points Grade" and "x  points grade"): which holds the
  // learner's grade cannot be told, so the export is refused rather than one of them read.
  const once = (before: string | undefined, column: string) => {
    if (before !== undefined) {
      throw new ImportError('ERR_IMPORT_COLUMNS', `The columns "${before}" and "${column}" are the same grade item written twice, so it cannot be told which to read. Export the file from onQ again, or remove one.`);
    }
  };
  for (const column of header) {
    let match: RegExpExecArray | null;
    if ((match = POINTS.exec(column))) {
      const found = item(match[1]!);
      once(found.points?.column, column);
      const max = /\bMaxPoints:(\S*)/i.exec(match[2] ?? '')?.[1];
      if (max !== undefined && !/^\d+(?:\.\d+)?$/.test(max)) {
        throw new ImportError('ERR_IMPORT_COLUMNS', `The column "${column}" says MaxPoints:${max}, which is not a number of points. Export the file from onQ again.`);
      }
      found.points = { column, ...(max !== undefined ? { maxPoints: Number(max) } : {}) };
    } else if ((match = SYMBOL.exec(column))) {
      const found = item(match[1]!);
      once(found.symbol?.column, column);
      found.symbol = { column };
    } else if ((match = FRACTION.exec(column))) {
      const key = itemKey(match[1]!);
      const half = halves.get(key) ?? { name: match[1]! };
      once(half[match[2]!.toLowerCase() as 'numerator' | 'denominator'], column);
      half[match[2]!.toLowerCase() as 'numerator' | 'denominator'] = column;
      halves.set(key, half);
      if (half.numerator && half.denominator) item(half.name).fraction = { numerator: half.numerator, denominator: half.denominator };
    }
  }
  return items;
}

/** How an item name is compared: spaces collapsed, case ignored. */
export const itemKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** An item as staff read it in a list of choices: its name and what kind of values the export holds for it. */
export function describeItem(item: GradeItem): string {
  const kinds = [
    item.points ? (item.points.maxPoints !== undefined ? `points out of ${item.points.maxPoints}` : 'points') : undefined,
    item.fraction ? 'numerator/denominator' : undefined,
    item.symbol ? 'symbol' : undefined,
  ].filter(Boolean);
  return `"${item.name}" (${kinds.join(', ')})`;
}

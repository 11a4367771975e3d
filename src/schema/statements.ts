/**
 * Migration files to statements, tolerant per statement: a file is parsed whole; when
 * the parser rejects it, the file is cut into statements with the parser's own
 * scanner (so semicolons inside strings, dollar-quoted bodies, comments and
 * `BEGIN ATOMIC ... END` bodies do not cut), each piece is parsed alone, and the
 * pieces the parser rejects are counted and skipped. psql meta-commands (`\connect`,
 * `\restrict` in a pg_dump file) are lines the server never sees: they are dropped.
 */
import type { Node } from 'libpg-query';
import { expandDoBlocks } from './do-blocks.js';
import type { ParsedFile, SqlFile } from './sql-files.js';
import type { ParseOutcome, ScanToken, SqlParser } from './sql-parser.js';

interface Piece {
  start: number;
  end: number;
}

class Text {
  readonly bytes: Buffer;
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    this.bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i < this.bytes.length; i++) if (this.bytes[i] === 0x0a) this.lineStarts.push(i + 1);
  }

  slice(start: number, end: number): string {
    return this.bytes.subarray(start, end).toString('utf8');
  }

  /** The 1-based line of a byte offset. */
  line(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  lineEnd(offset: number): number {
    const at = this.bytes.indexOf(0x0a, offset);
    return at < 0 ? this.bytes.length : at;
  }

  startsLine(offset: number): boolean {
    for (let i = offset - 1; i >= 0; i--) {
      const byte = this.bytes[i];
      if (byte === 0x0a) return true;
      if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
    }
    return true;
  }
}

/** The first non-blank byte at or after `offset`, so that a statement's line is its first word's. */
function skipBlanks(text: Text, offset: number, end: number): number {
  let at = offset;
  while (at < end && [0x20, 0x09, 0x0a, 0x0d].includes(text.bytes[at]!)) at++;
  return at;
}

/**
 * Statement pieces from the scanner's tokens: cut at each `;` outside a
 * `BEGIN ATOMIC` body; a backslash that starts a line drops that line.
 */
function split(text: Text, tokens: readonly ScanToken[]): { pieces: Piece[]; metaCommands: number } {
  const pieces: Piece[] = [];
  let metaCommands = 0;
  let start = 0;
  let atomic = 0;
  let previous = '';
  let skipUntil = -1;
  let empty = true;
  for (const token of tokens) {
    if (token.start < skipUntil) continue;
    const comment = token.text.startsWith('--') || token.text.startsWith('/*');
    // A piece starts at its first word, not at the comments before it.
    if (empty && !comment) {
      start = token.start;
      empty = false;
    }
    const word = token.keyword ? token.text.toLowerCase() : '';
    if (token.text === '\\' && text.startsLine(token.start)) {
      if (!empty && token.start > start) pieces.push({ start, end: token.start });
      skipUntil = text.lineEnd(token.start);
      start = skipUntil;
      empty = true;
      metaCommands++;
      continue;
    }
    if (atomic > 0) {
      if (word === 'begin' || word === 'case') atomic++;
      else if (word === 'end') atomic--;
    } else if (word === 'atomic' && previous === 'begin') {
      atomic = 1;
    } else if (token.text === ';') {
      pieces.push({ start, end: token.end });
      start = token.end;
      empty = true;
    }
    previous = word;
  }
  if (!empty) pieces.push({ start, end: text.bytes.length });
  return { pieces, metaCommands };
}

function statementsOf(text: Text, stmts: readonly { stmt: Node; start: number; end: number }[], offset: number) {
  return stmts.map(({ stmt, start, end }) => {
    const from = skipBlanks(text, offset + start, offset + end);
    return { stmt, line: text.line(from), sql: text.slice(from, offset + end) };
  });
}

/**
 * A migration tool's down section: goose (`-- +goose Down`), sql-migrate
 * (`-- +migrate Down`) and dbmate (`-- migrate:down`) keep the statements that
 * undo a migration in the same file, after a marker line, and run them only to
 * roll it back. Read as applied they would drop what the up section creates.
 * The marker's offset and line, or null.
 */
export function downSection(text: string): { offset: number; line: number } | null {
  const marker = /^[ \t]*--[ \t]*(?:\+goose[ \t]+down|\+migrate[ \t]+down|migrate:down)\b/im.exec(text);
  if (!marker) return null;
  return { offset: marker.index, line: text.slice(0, marker.index).split('\n').length };
}

/** Parses the files, in two or three batches whatever their number; a file with a down section is read up to it. */
export function parseSqlFiles(parser: SqlParser, sources: readonly SqlFile[]): ParsedFile[] {
  const downs = sources.map((f) => downSection(f.text));
  const files = sources.map((f, i) => (downs[i] ? { ...f, text: f.text.slice(0, downs[i].offset) } : f));
  const texts = files.map((f) => new Text(f.text));
  const whole = parser.parse(files.map((f) => f.text));
  const results: ParsedFile[] = files.map((f, i) => ({
    file: f.file,
    statements: [],
    skipped: [],
    metaCommands: 0,
    ...(downs[i] ? { downFrom: downs[i].line } : {}),
  }));
  const failed: number[] = [];
  whole.forEach((outcome, i) => {
    if ('stmts' in outcome) results[i]!.statements = statementsOf(texts[i]!, outcome.stmts, 0);
    else failed.push(i);
  });
  if (failed.length > 0) reparse(parser, files, texts, whole, failed, results);
  expandDoBlocks(parser, results);
  return results;
}

/** The files the parser rejected whole, statement by statement. */
function reparse(
  parser: SqlParser,
  files: readonly SqlFile[],
  texts: Text[],
  whole: ParseOutcome[],
  failed: number[],
  results: ParsedFile[],
): void {
  const scans = parser.scan(failed.map((i) => files[i]!.text));
  const pieces: { file: number; piece: Piece; sql: string }[] = [];
  failed.forEach((i, k) => {
    const text = texts[i]!;
    const scan = scans[k]!;
    if ('error' in scan) {
      const outcome = whole[i]!;
      const message = 'error' in outcome ? outcome.error : scan.error;
      results[i]!.skipped.push({
        file: files[i]!.file,
        line: 1,
        message,
        sql: files[i]!.text.slice(0, 200),
        wholeFile: true,
      });
      return;
    }
    const cut = split(text, scan.tokens);
    results[i]!.metaCommands = cut.metaCommands;
    for (const piece of cut.pieces) pieces.push({ file: i, piece, sql: text.slice(piece.start, piece.end) });
  });
  const outcomes = parser.parse(pieces.map((p) => p.sql));
  pieces.forEach(({ file, piece, sql }, k) => {
    const outcome = outcomes[k]!;
    const text = texts[file]!;
    if ('stmts' in outcome) {
      results[file]!.statements.push(...statementsOf(text, outcome.stmts, piece.start));
    } else {
      const from = skipBlanks(text, piece.start, piece.end);
      results[file]!.skipped.push({
        file: files[file]!.file,
        line: text.line(from),
        message: outcome.error,
        sql: sql.trim().slice(0, 200),
      });
    }
  });
}

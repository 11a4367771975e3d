/**
 * Migration files as the schema reader sees them once parsed: a file's
 * statements (a DO block's own statements inside it, see do-blocks.ts), and
 * the statements the parser rejected. statements.ts makes them from text;
 * the model (migrations.ts) applies them.
 */
import type { Node } from 'libpg-query';

export interface SqlFile {
  /** How the file is named in reports (a path). */
  file: string;
  text: string;
}

export interface SqlStatement {
  stmt: Node;
  /** 1-based line of the statement's first character. */
  line: number;
  sql: string;
  /** A DO block's statements (see do-blocks.ts). */
  inner?: SqlStatement[];
}

export interface SkippedStatement {
  file: string;
  line: number;
  /** The parser's message. */
  message: string;
  /** The statement's text, cut at 200 characters. */
  sql: string;
  /** The whole file was skipped (its text could not be cut into statements): what it changes is unknown. */
  wholeFile?: true;
}

export interface ParsedFile {
  file: string;
  statements: SqlStatement[];
  skipped: SkippedStatement[];
  /** psql meta-command lines dropped (`\connect`, `\restrict`, ...). */
  metaCommands: number;
  /** The line of a down section's marker (`-- +goose Down`): the file is read up to it (statements.ts downSection). */
  downFrom?: number;
}

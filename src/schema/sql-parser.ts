/**
 * The SQL parser behind the schema loader: libpg-query 18.1.5 (libpg_query, the
 * real PostgreSQL 18 grammar, compiled to WebAssembly).
 *
 * Measured against @supabase/pg-parser 0.1.7 and @pgsql/parser 17.5.0 on 200 real
 * migrations from public Supabase apps (760 kB, 2,843 statements; Node 20.20, 2
 * shared cores, CPU time of one process):
 *
 * | parser                     | install      | init  | first parse | warm parse | sync API | split/scan |
 * |----------------------------|--------------|-------|-------------|------------|----------|------------|
 * | libpg-query 18.1.5         | 1.8 MB, 1 dep (types only) | 35 ms | 540-640 ms | 80 ms | parseSync after loadModule() | scanSync, byte offsets |
 * | @supabase/pg-parser 0.1.7  | 5.2 MB, 0 dep (PG 15/16/17) | 25 ms | 750 ms | 440-490 ms | none (async only) | scan |
 * | @pgsql/parser 17.5.0       | 14 MB, protobufjs + postinstall | 110-150 ms | 450 ms | 75 ms | parseSync | scanSync |
 *
 * @pgsql/parser's ESM entry does not load on Node 20 (a named import from a CommonJS
 * file); @supabase/pg-parser has no synchronous call at all and stays 5x slower warm.
 * All three report a statement's error with its message and cursor position, and
 * give statements with byte offsets (`stmt_location`, `stmt_len`). libpg-query wins:
 * smallest, synchronous once loaded, fastest warm.
 *
 * The WebAssembly module loads asynchronously. `loadSqlParser()` awaits it (the CLI,
 * the codemods); `sqlParserSync()` serves ESLint rules, which cannot await: it runs
 * the parser in a worker thread and waits for each answer with Atomics.wait.
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Node, RawStmt } from 'libpg-query';

/** One statement the parser accepted; offsets are UTF-8 byte offsets into the parsed text. */
export interface ParsedStatement {
  stmt: Node;
  start: number;
  end: number;
}

export type ParseOutcome = { stmts: ParsedStatement[] } | { error: string; position: number };

export interface ScanToken {
  start: number;
  end: number;
  text: string;
  keyword: boolean;
}

export type ScanOutcome = { tokens: ScanToken[] } | { error: string };

/** A PL/pgSQL function's tree (libpg_query's `plpgsql_funcs`), or the error. */
export type PlpgsqlOutcome = { functions: unknown[] } | { error: string };

/** Batch calls, so that a worker answers many texts in one round trip. */
export interface SqlParser {
  parse(texts: readonly string[]): ParseOutcome[];
  scan(texts: readonly string[]): ScanOutcome[];
  /** Parses `CREATE FUNCTION ... LANGUAGE plpgsql` texts' bodies. */
  plpgsql(texts: readonly string[]): PlpgsqlOutcome[];
}

interface LibPgQuery {
  loadModule(): Promise<void>;
  parseSync(query: string): { stmts?: RawStmt[] };
  scanSync(query: string): { tokens?: { start: number; end: number; text: string; keywordKind: number }[] };
  parsePlPgSQLSync(query: string): unknown;
}

/** What one library call gave: its value, or the error's message and 1-based cursor. */
type Raw<T> = { value: T } | { error: string; cursor?: number };
type RawParse = Raw<{ stmts?: RawStmt[] }>;
type RawScan = Raw<{ tokens?: { start: number; end: number; text: string; keywordKind: number }[] }>;
type RawPlpgsql = Raw<{ plpgsql_funcs?: unknown[] }>;
type RawAny = RawParse & RawScan & RawPlpgsql;
type Op = 'parse' | 'scan' | 'plpgsql';

// The same few lines run in this thread and in the worker (as source text there).
const RAW_CALL = `(lib, op, text) => {
  try {
    const value = op === 'parse' ? lib.parseSync(text) : op === 'scan' ? lib.scanSync(text) : lib.parsePlPgSQLSync(text);
    return { value };
  } catch (error) {
    const cursor = error && error.sqlDetails ? error.sqlDetails.cursorPosition : undefined;
    return { error: String(error && error.message ? error.message : error), cursor };
  }
}`;
// eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call -- one source text for this thread and the worker (which receives it as text)
const rawCall = new Function(`return ${RAW_CALL}`)() as (lib: LibPgQuery, op: Op, text: string) => RawAny;

function toParseOutcome(text: string, raw: RawParse): ParseOutcome {
  if ('error' in raw) return { error: raw.error, position: Math.max(0, (raw.cursor ?? 1) - 1) };
  const total = Buffer.byteLength(text);
  return {
    stmts: (raw.value.stmts ?? []).flatMap((r) => {
      if (!r.stmt) return [];
      const start = r.stmt_location ?? 0;
      return [{ stmt: r.stmt, start, end: r.stmt_len ? start + r.stmt_len : total }];
    }),
  };
}

function toScanOutcome(raw: RawScan): ScanOutcome {
  if ('error' in raw) return { error: raw.error };
  const tokens = raw.value.tokens ?? [];
  return { tokens: tokens.map((t) => ({ start: t.start, end: t.end, text: t.text, keyword: t.keywordKind > 0 })) };
}

/** A parser over a function that answers raw calls for a batch of texts. */
function toPlpgsqlOutcome(raw: RawPlpgsql): PlpgsqlOutcome {
  return 'error' in raw ? { error: raw.error } : { functions: raw.value.plpgsql_funcs ?? [] };
}

function parserOver(call: (op: Op, texts: string[]) => RawAny[]): SqlParser {
  return {
    parse(texts) {
      // libpg-query refuses an empty text; a text of blanks and comments has no statement.
      const asked = texts.filter((t) => t.trim() !== '');
      const answers = asked.length > 0 ? call('parse', asked) : [];
      let next = 0;
      return texts.map((t) => (t.trim() === '' ? { stmts: [] } : toParseOutcome(t, answers[next++]!)));
    },
    scan: (texts) => (texts.length > 0 ? call('scan', [...texts]).map(toScanOutcome) : []),
    plpgsql: (texts) => (texts.length > 0 ? call('plpgsql', [...texts]).map(toPlpgsqlOutcome) : []),
  };
}

let loaded: Promise<SqlParser> | undefined;
let ready: SqlParser | undefined;

/** The parser, loaded once per process (about 40 ms of WebAssembly set-up). */
export function loadSqlParser(): Promise<SqlParser> {
  loaded ??= import('libpg-query').then(async (lib: LibPgQuery) => {
    await lib.loadModule();
    ready = parserOver((op, texts) => texts.map((text) => rawCall(lib, op, text)));
    return ready;
  });
  return loaded;
}

// The worker: CommonJS by `eval`, so that it runs the same from src/ (vitest) and dist/.
// Each request is {op, texts}; the answer goes back on the port, then the shared flag
// is set and the waiting thread woken.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const lib = require(workerData.libPath);
const rawCall = ${RAW_CALL};
const flag = new Int32Array(workerData.shared);
const port = workerData.port;
const loading = lib.loadModule();
port.on('message', async ({ op, texts }) => {
  let answer;
  try {
    await loading;
    answer = { results: texts.map((text) => rawCall(lib, op, text)) };
  } catch (error) {
    answer = { failure: String(error && error.message ? error.message : error) };
  }
  port.postMessage(answer);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

const WORKER_TIMEOUT_MS = 60_000;

function workerParser(): SqlParser {
  const require = createRequire(import.meta.url);
  const shared = new SharedArrayBuffer(4);
  const flag = new Int32Array(shared);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // the source is CommonJS: a process started with --input-type=module would run it as a module
    execArgv: process.execArgv.filter((arg) => !arg.startsWith('--input-type')),
    workerData: { libPath: require.resolve('libpg-query'), shared, port: port2 },
    transferList: [port2],
  });
  // a worker that fails is a parser that does not answer (reported by the caller), not a crash of the process
  worker.on('error', () => undefined);
  worker.unref();
  port1.unref();
  return parserOver((op, texts) => {
    Atomics.store(flag, 0, 0);
    port1.postMessage({ op, texts });
    if (Atomics.wait(flag, 0, 0, WORKER_TIMEOUT_MS) === 'timed-out') throw new Error('the SQL parser did not answer');
    const answer = receiveMessageOnPort(port1)?.message as
      { results?: (RawParse & RawScan)[]; failure?: string } | undefined;
    if (!answer?.results) throw new Error(answer?.failure ?? 'the SQL parser gave no answer');
    return answer.results;
  });
}

let worker: SqlParser | undefined;

/**
 * The parser for a caller that cannot await (an ESLint rule): the loaded one when
 * `loadSqlParser()` has finished in this thread, else one in a worker thread (started
 * once; about 100 ms). Throws when neither can run.
 */
export function sqlParserSync(): SqlParser {
  if (ready) return ready;
  worker ??= workerParser();
  return worker;
}

/**
 * Runs codemods over one file: the codemods' text gates first (a file that
 * cannot hold a site is not parsed), then the detectors over the parsed
 * file (ESLint's parser and scopes, as in a lint run; one parse for every
 * codemod until one edits the text), each codemod's plan, the edits, and a
 * re-parse of the result (which the codemods after it then read). A site the
 * file's own directives keep its rule from reporting is no site. A file that
 * does not parse, or whose rewrite would not parse, is reported and left as
 * it was. A file that may hold a site but is larger than `maxFileSize`, or
 * holds more than `maxSites` sites, is skipped before it costs its weight in
 * memory (parsing takes about 500 bytes of memory a byte of source, and
 * every site a plan): a one-line reason names the limit. With the limits
 * raised, a parse (of the file, or of its rewrite) that would not fit in the
 * heap the process has left skips the file too, instead of V8's abort.
 */
import { getHeapStatistics } from 'node:v8';
import type { Project, SourceFile } from 'ts-morph';
import { disabledByDirectives, runDetectors } from '../analysis/run.js';
import type { DetectorFactory } from '../analysis/detector.js';
import { functionLookup, lazyLookup } from '../analysis/project/lookup.js';
import { followImportedDayText } from '../analysis/postgrest/date-window.js';
import type { TSESLint } from '@typescript-eslint/utils';
import { namespace } from '../namespace.js';
import { rules } from '../rules/index.js';
import type { AnalysisContext } from '../analysis/detector.js';
import { morph } from './morph.js';
import { applyEdits, offsetAt, position } from './text.js';
import type { Codemod, CodemodEnv, Edit, NewFile } from './codemod.js';
import { sizeText } from './settings.js';

export interface SiteReport {
  codemod: string;
  /** 1-based, in the file as it was read. */
  line: number;
  column: number;
  reason: string;
}

export interface FileResult {
  path: string;
  /** `skipped`: past a size or site limit (the reason is `error`), left as it was. */
  status: 'changed' | 'unchanged' | 'failed' | 'skipped';
  before: string;
  after: string;
  /** Sites rewritten, per codemod. */
  rewritten: Record<string, number>;
  /** Declarations edited besides the sites (`@deprecated`), per codemod. */
  declarations: Record<string, number>;
  left: SiteReport[];
  /** Files the rewrite needs (the pagination helper). */
  newFiles: NewFile[];
  /** Why the file failed, or was skipped. */
  error: string | null;
  /** Set by the CLI once the rewrite is on disk. */
  written?: boolean;
  /** The sites handed to the codemods' plans (rewritten or left), by key (`siteKey`). */
  sites: string[];
}

/** What a transform may be told about particular sites, by key (`siteKey`). */
export interface TransformOptions {
  /** Plan only these sites (the type check tries one site at a time); the others are not touched, nor reported. */
  only?: ReadonlySet<string>;
  /** Leave these sites, with these reasons (a rewrite the type check refused). */
  vetoes?: ReadonlyMap<string, string>;
}

/** A site's key: its codemod and the offset, in the file as it was read, where its rule reports it. */
export function siteKey(codemod: string, offset: number): string {
  return `${codemod}@${offset}`;
}

/**
 * The memory a parse takes a byte of source: ESLint's parser, its tokens,
 * scopes and parent links, and the detectors (about 430 bytes measured on a
 * generated module of 35,000 selects, 4.7 MB: 2.2 GB resident), with a margin
 * for denser code.
 */
const PARSE_BYTES_PER_BYTE = 600;

/**
 * Null when a parse of `bytes` of source fits in what the V8 heap has left,
 * else why not (the heap's limit is --max-old-space-size, or V8's default).
 */
export function parseRoom(bytes: number, what: string): string | null {
  const { heap_size_limit: limit, used_heap_size: used } = getHeapStatistics();
  const needed = bytes * PARSE_BYTES_PER_BYTE;
  if (needed <= limit - used) return null;
  return `${what} (${sizeText(bytes)}) needs about ${sizeText(needed)} of memory to parse, more than the ${sizeText(Math.max(0, limit - used))} this process has left (raise it with NODE_OPTIONS=--max-old-space-size=<MB>)`;
}

/** The offset in the text before `edits` that `offset` (in the text after them) comes from. */
function mapBack(offset: number, edits: readonly Edit[]): number {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let shift = 0;
  for (const edit of sorted) {
    const newStart = edit.start + shift;
    const newEnd = newStart + edit.text.length;
    if (offset >= newEnd) {
      shift += edit.text.length - (edit.end - edit.start);
    } else if (offset >= newStart) {
      return edit.start;
    } else {
      break;
    }
  }
  return offset - shift;
}

export class CodemodEngine {
  private memory: Project | null = null;

  constructor(
    private readonly codemods: readonly Codemod[],
    private readonly env: CodemodEnv,
  ) {}

  /** The ts-morph project the single-file codemods parse into (in memory, no type checking). */
  private memoryProject(): Project {
    this.memory ??= new (morph().Project)({
      useInMemoryFileSystem: true,
      skipFileDependencyResolution: true,
      compilerOptions: { allowJs: true, jsx: morph().ts.JsxEmit.Preserve },
    });
    return this.memory;
  }

  transform(path: string, original: string, options: TransformOptions = {}): FileResult {
    const bom = original.startsWith('\uFEFF') ? '\uFEFF' : '';
    const source = bom ? original.slice(1) : original;
    const result: FileResult = {
      path,
      status: 'unchanged',
      before: original,
      after: original,
      rewritten: {},
      declarations: {},
      left: [],
      newFiles: [],
      error: null,
      sites: [],
    };
    const passes: Edit[][] = [];
    let text = source;
    for (const codemod of this.codemods) {
      result.rewritten[codemod.name] = 0;
      result.declarations[codemod.name] = 0;
    }
    // One parse serves every codemod until one of them edits the text; the
    // parse of the edited text both checks it and serves the codemods after.
    const gatedFrom = (from: number, current: string): Set<number> =>
      new Set(
        this.codemods.flatMap((codemod, index) =>
          index >= from && codemod.mayHoldSite(current, this.env.settings) ? [index] : [],
        ),
      );
    let gated = gatedFrom(0, text);
    if (gated.size === 0) return result;
    const { maxFileSize, maxSites } = this.env.settings;
    const bytes = Buffer.byteLength(original, 'utf8');
    if (bytes > maxFileSize) {
      return this.skip(
        result,
        `${sizeText(bytes)}, larger than the limit of ${sizeText(maxFileSize)} a file (--max-file-size, or maxFileSize in the config)`,
      );
    }
    const room = parseRoom(bytes, 'the file');
    if (room) return this.skip(result, room);
    let run = this.detect(path, text, gated);
    if (!run.ok) {
      return this.fail(result, `does not parse (line ${run.error.line}:${run.error.column}: ${run.error.message})`);
    }
    const sites = Object.values(run.findings).reduce((sum, found) => sum + found.length, 0);
    if (sites > maxSites) {
      return this.skip(
        result,
        `${sites.toLocaleString('en-US')} sites, more than the limit of ${maxSites.toLocaleString('en-US')} a file (--max-sites, or maxSites in the config)`,
      );
    }
    for (const [index, codemod] of this.codemods.entries()) {
      if (!gated.has(index)) continue;
      // a site whose report the file's own directives turn off is no site, for the codemod as for the rule
      const found = run.findings[String(index)] ?? [];
      const findings = this.sitesOf(codemod, found, { text, path, source, passes, options, result });
      if (findings.length === 0 && !codemod.planWithoutFindings) continue;
      const { context: ctx, ast } = run;
      // set by the plan's `sourceFile()` callback, which TypeScript's flow analysis does not see run
      let sourceFile = null as SourceFile | null;
      const currentText = text;
      let plan;
      try {
        plan = codemod.plan({
          path,
          text,
          findings,
          ctx,
          ast,
          sourceFile: () => {
            sourceFile ??= this.memoryProject().createSourceFile(path, currentText, { overwrite: true });
            return sourceFile;
          },
          env: this.env,
        });
      } finally {
        if (sourceFile) this.memoryProject().removeSourceFile(sourceFile);
      }
      for (const site of plan.left) {
        let offset = site.offset;
        for (let back = passes.length - 1; back >= 0; back -= 1) offset = mapBack(offset, passes[back]!);
        result.left.push({ codemod: codemod.name, ...position(source, offset), reason: site.reason });
      }
      if (plan.edits.length === 0) continue;
      const next = applyEdits(text, plan.edits);
      gated = gatedFrom(index + 1, next);
      const nextRoom = parseRoom(Buffer.byteLength(next, 'utf8'), `the ${codemod.name} rewrite`);
      if (nextRoom) return this.skip(result, nextRoom);
      const after = this.detect(path, next, gated);
      if (!after.ok) {
        const error = `line ${after.error.line}:${after.error.column}: ${after.error.message}`;
        return this.fail(result, `the ${codemod.name} rewrite would not parse (${error}); the file is left as it was`);
      }
      run = after;
      passes.push(plan.edits);
      text = next;
      result.rewritten[codemod.name] = plan.rewritten;
      result.declarations[codemod.name] = plan.declarations ?? 0;
      for (const file of plan.newFiles) {
        if (!result.newFiles.some((known) => known.path === file.path)) result.newFiles.push(file);
      }
    }
    result.left.sort((a, b) => a.line - b.line || a.column - b.column);
    result.after = bom + text;
    result.status = result.after === original ? 'unchanged' : 'changed';
    return result;
  }

  /**
   * The findings a codemod plans: those the file's directives do not turn
   * off, narrowed to `options.only`, less the vetoed ones (left with their
   * reasons in `result`); each kept one's key goes to `result.sites`.
   */
  private sitesOf(
    codemod: Codemod,
    found: readonly unknown[],
    at: {
      text: string;
      path: string;
      source: string;
      passes: readonly Edit[][];
      options: TransformOptions;
      result: FileResult;
    },
  ): unknown[] {
    const { text, path, source, passes, options, result } = at;
    const rule = {
      id: `${namespace}/${codemod.rule}`,
      module: rules[codemod.rule],
      options: codemod.ruleOptions(this.env.settings),
    };
    const disabled = disabledByDirectives(
      text,
      path,
      rule,
      found.map((finding) => codemod.reportLoc(finding)),
    );
    const findings: unknown[] = [];
    for (const [index, finding] of found.entries()) {
      if (disabled.has(index)) continue;
      const { line, column } = codemod.reportLoc(finding).start;
      let offset = offsetAt(text, line, column + 1);
      for (let back = passes.length - 1; back >= 0; back -= 1) offset = mapBack(offset, passes[back]!);
      const key = siteKey(codemod.name, offset);
      if (options.only && !options.only.has(key)) continue;
      const veto = options.vetoes?.get(key);
      if (veto === undefined) {
        findings.push(finding);
        result.sites.push(key);
      } else result.left.push({ codemod: codemod.name, ...position(source, offset), reason: veto });
    }
    return findings;
  }

  /** Parses `text` and runs the detectors of the codemods at `indexes` in one pass; findings keyed by index. */
  private detect(path: string, text: string, indexes: ReadonlySet<number>) {
    const factories: Record<string, DetectorFactory<unknown>> = {};
    for (const index of indexes) {
      const codemod = this.codemods[index]!;
      factories[String(index)] = (context: AnalysisContext) => {
        // the functions this file's calls run, as the rule sees them (the codemod leaves what it finds through them)
        const functions = lazyLookup(() => functionLookup(context as TSESLint.SourceCode, path));
        // a date window's end written by a formatter another module exports, as the rule shell follows it
        followImportedDayText(
          (context as TSESLint.SourceCode).ast,
          (source, name) => functions()?.importedDayText(source, name) ?? null,
        );
        return codemod.detect(context, this.env.settings, () => this.env.schemaFor?.(path), functions);
      };
    }
    return runDetectors(text, path, factories);
  }

  private skip(result: FileResult, reason: string): FileResult {
    return { ...this.fail(result, reason), status: 'skipped' };
  }

  private fail(result: FileResult, error: string): FileResult {
    return {
      ...result,
      status: 'failed',
      after: result.before,
      newFiles: [],
      left: [],
      error,
      rewritten: {},
      declarations: {},
      sites: [],
    };
  }
}

// One generated module past the codemods' limits (`huge`, issue 22 item 5): a
// 5 MB file of 35,000 unbounded selects, as a code generator writes one (the
// codemod used to run out of memory on it, 4.4 GB, even with --dry-run).
// `codemod all --dry-run` with the default limits (skipped for its size before
// it is parsed: target <= 1 GB), then with --max-file-size raised past it
// (parsed once, then skipped for its sites), with both limits raised (the
// rewrite is planned, and its parse would not fit in the heap: skipped before
// V8 aborts), and smaller files of the same shape under a --max-file-size that
// lets them in (which size stays under 1 GB); each with its exit status, its
// one-line reason, the peak memory of the process (its high-water mark) and
// CPU; and the audit of the 5 MB file.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseJson } from '../../scripts/json.mjs';
import { findCli } from './cli.mjs';
import { run } from '../lib/processes.mjs';
import { fmt, mb } from '../lib/stats.mjs';

/**
 * @typedef {import('../lib/context.mjs').Bench} Bench
 * @typedef {{ name: string; reads: number; bytes: number; args: string[]; code: number | null; reason: string; peakBytes: number; hwmBytes: number; cpuMs: number; wallMs: number }} HugeRun
 */

/** The peak memory the codemod may reach on the 5 MB file with the default limits. */
const LIMIT_BYTES = 2 ** 30;

/**
 * A generated module of `count` exported reads, each an unbounded select: 35,000 make about 5 MB.
 *
 * @param {number} count
 */
export function manyReads(count) {
  const parts = ["import { supabase } from './supabase';\n\n"];
  for (let index = 0; index < count; index += 1)
    parts.push(
      `export async function read${index}() {\n  const { data, error } = await supabase.from('table_${index % 50}').select('id, name');\n  return { data, error };\n}\n`,
    );
  return parts.join('');
}

/**
 * A project of one generated module of `reads` selects.
 *
 * @param {Bench} bench
 * @param {number} reads
 */
function project(bench, reads) {
  const dir = path.join(bench.work, `huge-${reads}`);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  const text = manyReads(reads);
  writeFileSync(path.join(dir, 'src', 'generated.ts'), text);
  writeFileSync(path.join(dir, 'src', 'supabase.ts'), 'export const supabase = {} as never;\n');
  return { dir, bytes: Buffer.byteLength(text) };
}

/**
 * The CLI on a project, its peak memory sampled.
 *
 * @param {string} cli
 * @param {{ dir: string; bytes: number }} where
 * @param {string} name
 * @param {number} reads
 * @param {string[]} args
 * @returns {Promise<HugeRun>}
 */
async function measure(cli, where, name, reads, args) {
  const r = await run(process.execPath, [cli, ...args], { cwd: where.dir, memory: true });
  let reason = /^ {4}src\/generated\.ts {2}(.+)$/m.exec(r.stdout)?.[1] ?? r.stderr.trim().split('\n')[0] ?? '';
  if (args[0] === 'audit' && r.code === 0) {
    /** @type {{ findings: number; files: { parsed: number } }} */
    const report = parseJson(r.stdout);
    reason = `${report.findings.toLocaleString('en-US')} findings, ${report.files.parsed} files parsed`;
  }
  return {
    name,
    reads,
    bytes: where.bytes,
    args,
    code: r.code,
    reason,
    peakBytes: r.peakBytes,
    hwmBytes: r.hwmBytes,
    cpuMs: r.cpu,
    wallMs: r.wall,
  };
}

/** @param {Bench} bench */
export async function hugeSection(bench) {
  const { say, target } = bench;
  bench.section('huge');
  const cli = findCli();
  if (!cli.ok) {
    say(`huge: not measured: ${cli.reason}`);
    bench.results.notMeasured.push({ what: 'the codemod on a 5 MB generated file', reason: cli.reason });
    return;
  }
  say("## one generated module of unbounded selects, past the codemods' limits (codemod all --dry-run)");
  const big = project(bench, 35_000);
  /** @type {HugeRun[]} */
  const runs = [
    await measure(cli.file, big, 'default limits', 35_000, ['codemod', 'all', '--dry-run']),
    await measure(cli.file, big, '--max-file-size 8MB', 35_000, [
      'codemod',
      'all',
      '--dry-run',
      '--max-file-size',
      '8MB',
    ]),
    await measure(cli.file, big, '--max-file-size 8MB --max-sites 100000', 35_000, [
      'codemod',
      'all',
      '--dry-run',
      '--max-file-size',
      '8MB',
      '--max-sites',
      '100000',
    ]),
  ];
  for (const reads of [14_000, 7_000]) {
    const where = project(bench, reads);
    const limit = `${Math.ceil(where.bytes / 2 ** 20)}MB`;
    runs.push(
      await measure(cli.file, where, `--max-file-size ${limit}`, reads, [
        'codemod',
        'all',
        '--dry-run',
        '--max-file-size',
        limit,
      ]),
    );
  }
  runs.push(await measure(cli.file, big, 'audit', 35_000, ['audit', '--format', 'json']));
  say("| run | file | selects | exit | reason (the codemod's one line) | peak memory (high-water mark) | CPU | wall |");
  say('| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
  for (const r of runs)
    say(
      `| ${r.name === 'audit' ? '`audit`' : `\`codemod all --dry-run\`, ${r.name}`} | ${(r.bytes / 2 ** 20).toFixed(1)} MB | ${r.reads.toLocaleString('en-US')} | ${r.code} | ${r.reason} | ${mb(r.hwmBytes)} | ${fmt(r.cpuMs)} | ${fmt(r.wallMs)} |`,
    );
  const first = /** @type {HugeRun} */ (runs[0]);
  say(
    `the 5 MB file with the default limits: peak ${target('codemod on a 5 MB generated file, default limits: peak memory', first.hwmBytes / 2 ** 20, LIMIT_BYTES / 2 ** 20, ' MB', 'memory')}`,
  );
  /** @type {string[]} */
  const problems = [];
  for (const r of runs.slice(0, -1)) {
    if (r.code !== 1) problems.push(`${r.name}: exit ${r.code}, not 1`);
    if (!/more than the limit|larger than the limit|of memory to parse, more than/.test(r.reason))
      problems.push(`${r.name}: no limit named (${r.reason})`);
  }
  bench.check(
    'the codemod skips the generated file with a one-line reason naming the limit or the memory left (exit 1), at every limit',
    problems,
  );
  bench.results.huge = runs;
}

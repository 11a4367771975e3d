// How the bench runs what it measures: each command in a fresh process under
// bash, its CPU time from bash's `times` (every process it waited for), its
// peak memory sampled from /proc; ESLint through bench/eslint-worker.mjs; and
// rounds of several measurements interleaved, the order rotating each round.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJson } from '../../scripts/json.mjs';

/**
 * @typedef {{ file: string; rule: string | null; line: number; column: number; endLine?: number; endColumn?: number }} Finding
 * @typedef {{ code: number | null; wall: number; cpu: number; stdout: string; stderr: string; peakBytes: number; hwmBytes: number }} RunResult
 * @typedef {{ ms: number; cpuMs: number; files: number; fatal: number; findings: Finding[]; wall: number; cpu: number; stdout: string }} EslintResult
 */

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = (/** @type {string} */ name) => path.join(root, 'node_modules', '.bin', name);
export const loadNow = () => loadavg().map((x) => Number(x.toFixed(2)));

/**
 * The commit the bench ran on (results.json says which code it measured).
 *
 * @returns {{ hash: string | null; dirty: boolean | null }}
 */
export function commitInfo() {
  const git = (/** @type {string[]} */ args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const head = git(['rev-parse', 'HEAD']);
  if (head.status !== 0) return { hash: null, dirty: null };
  // bench/results.json itself does not count: the bench writes it
  const status = git(['status', '--porcelain', '--', '.', ':!bench/results.json']);
  return { hash: head.stdout.trim(), dirty: status.status === 0 ? status.stdout.trim() !== '' : null };
}

/**
 * The processes of the tree under `pid` now: resident memory of each (from
 * /proc/<pid>/stat) and its high-water mark (VmHWM of /proc/<pid>/status).
 * Null without /proc.
 *
 * @param {number | undefined} pid
 * @returns {{ pid: number; rss: number; hwm: number }[] | null}
 */
function treeSample(pid) {
  if (pid === undefined) return null;
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  /** @type {Map<number, { ppid: number; rss: number }>} */
  const info = new Map();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      info.set(Number(entry), { ppid: Number(fields[1]), rss: Number(fields[21]) * 4096 });
    } catch {
      // the process ended while we looked
    }
  }
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const [child, { ppid }] of info) {
    const siblings = children.get(ppid) ?? [];
    siblings.push(child);
    children.set(ppid, siblings);
  }
  const processes = [];
  const stack = [pid];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    const known = info.get(current);
    if (known) {
      let hwm = known.rss;
      try {
        const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${current}/status`, 'utf8'));
        if (match) hwm = Number(match[1]) * 1024;
      } catch {
        // ended
      }
      processes.push({ pid: current, rss: known.rss, hwm });
    }
    stack.push(...(children.get(current) ?? []));
  }
  return processes;
}

/**
 * bash runs the command as its child, then `times` prints the user and system
 * CPU time of bash's children: the command and every process of its tree
 * that was waited for (jscodeshift waits for its workers). LC_ALL=C after the
 * command (not for it): `times` writes the locale's decimal point.
 */
const MEASURE = 'rc=0; "$@" || rc=$?; LC_ALL=C; times > "$SUPABASE_SCALE_BENCH_TIMES"; exit $rc';
let timesCounter = 0;

/**
 * @param {string} file
 * @returns {number} milliseconds of CPU time
 */
function readTimes(file) {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const children = lines[1] ?? '';
  const seconds = [...children.matchAll(/(\d+)m(\d+)[.,](\d+)s/g)].map(
    (m) => Number(m[1]) * 60 + Number(`${m[2]}.${m[3]}`),
  );
  const [user, system] = seconds;
  if (user === undefined || system === undefined || seconds.length !== 2)
    throw new Error(`cannot read the CPU time from bash's times: ${JSON.stringify(lines)}`);
  return (user + system) * 1000;
}

/**
 * Samples the peak memory of a process tree every 100 ms: `peak` the largest
 * sum of resident memory seen at one time, `hwm` each process's own high-water
 * mark (their sum is an upper bound). The sampling runs in this process, not
 * in the measured tree, so it does not count in its CPU time.
 *
 * @param {number | undefined} pid
 */
function memorySampler(pid) {
  let peak = 0;
  /** @type {Map<number, number>} */
  const hwm = new Map();
  const timer = setInterval(() => {
    sample();
  }, 100);
  function sample() {
    const processes = treeSample(pid);
    if (!processes) return;
    peak = Math.max(
      peak,
      processes.reduce((sum, p) => sum + p.rss, 0),
    );
    for (const p of processes) hwm.set(p.pid, Math.max(hwm.get(p.pid) ?? 0, p.hwm));
  }
  return {
    stop: () => {
      clearInterval(timer);
    },
    peakBytes: () => peak,
    hwmBytes: () => [...hwm.values()].reduce((a, b) => a + b, 0),
  };
}

/**
 * Runs a command; resolves with its wall time, the CPU time of its process
 * tree, exit code, output and, with `memory`, the peak memory of the tree.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string; env?: Record<string, string>; memory?: boolean }} [options]
 * @returns {Promise<RunResult>}
 */
export function run(command, args, { cwd = root, env = {}, memory = false } = {}) {
  return new Promise((resolve, reject) => {
    const timesFile = path.join(tmpdir(), `supabase-scale-bench-${process.pid}-${(timesCounter += 1)}.times`);
    const start = performance.now();
    const child = spawn('bash', ['-c', MEASURE, 'bench', command, ...args], {
      cwd,
      env: { ...process.env, ...env, SUPABASE_SCALE_BENCH_TIMES: timesFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const sampler = memory ? memorySampler(child.pid) : undefined;
    child.stdout.on('data', (/** @type {Buffer} */ chunk) => (stdout += chunk.toString()));
    child.stderr.on('data', (/** @type {Buffer} */ chunk) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      sampler?.stop();
      reject(error);
    });
    child.on('close', (code) => {
      sampler?.stop();
      const wall = performance.now() - start;
      let cpu;
      try {
        cpu = readTimes(timesFile);
        unlinkSync(timesFile);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      resolve({
        code,
        wall,
        cpu,
        stdout,
        stderr,
        peakBytes: sampler?.peakBytes() ?? 0,
        hwmBytes: sampler?.hwmBytes() ?? 0,
      });
    });
  });
}

const WORKER = path.join(root, 'bench', 'eslint-worker.mjs');
let outCounter = 0;

/**
 * One ESLint run in a fresh process: `ms`/`cpuMs` of the lint alone (from the
 * worker), `wall`/`cpu` of the whole process (start-up included).
 *
 * @param {string} dir
 * @param {string} config
 * @param {{ env?: Record<string, string>; files?: string; plugin?: string }} [options] `files`: a JSON list of the files to lint; `plugin`: another build's dist/index.js
 * @returns {Promise<EslintResult>}
 */
export async function eslintRun(dir, config, { env = {}, files, plugin } = {}) {
  const out = path.join(tmpdir(), `supabase-scale-bench-${process.pid}-${(outCounter += 1)}.json`);
  const args = [WORKER, '--dir', dir, '--config', config, '--out', out];
  if (files) args.push('--files', files);
  if (plugin) args.push('--plugin', plugin);
  const result = await run(process.execPath, args, { env });
  if (result.code !== 0)
    throw new Error(`ESLint (${config}) exited ${result.code}: ${result.stderr.trim().split('\n')[0]}`);
  /** @type {Omit<EslintResult, 'wall' | 'cpu' | 'stdout'>} */
  const data = parseJson(readFileSync(out, 'utf8'));
  rmSync(out);
  return { ...data, wall: result.wall, cpu: result.cpu, stdout: result.stdout };
}

/**
 * Several rounds of several measurements; the order rotates each round so
 * that drift in the machine's load hits all alike. `tasks` maps a name to a
 * function that runs one measurement and resolves with its result.
 *
 * @template {Record<string, () => Promise<unknown>>} Tasks
 * @param {Tasks} tasks
 * @param {number} runs
 * @param {string} label
 * @returns {Promise<{ [Name in keyof Tasks]: Awaited<ReturnType<Tasks[Name]>>[] }>}
 */
export async function interleaved(tasks, runs, label) {
  const names = Object.keys(tasks);
  /** @type {Record<string, unknown[]>} */
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < runs; i += 1) {
    const order = names.map((_, k) => /** @type {string} */ (names[(k + i) % names.length]));
    for (const name of order) samples[name]?.push(await /** @type {() => Promise<unknown>} */ (tasks[name])());
    process.stderr.write(`  ${label}: round ${i + 1}/${runs} done (load ${loadNow()[0]})\n`);
  }
  return /** @type {never} */ (samples);
}

/**
 * @param {Finding[]} findings
 * @returns {Record<string, number>}
 */
export function countByRule(findings) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const f of findings) counts[f.rule ?? 'fatal'] = (counts[f.rule ?? 'fatal'] ?? 0) + 1;
  return counts;
}

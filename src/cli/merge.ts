/**
 * `audit --merge a.json b.json ...`: joins the JSON reports of shard runs
 * (or of any runs over disjoint files) into one report, one verdict and one
 * exit status, printable in any format. Shard reports must be all the shards
 * of one split, each once: a missing shard (a matrix job that did not
 * upload) is an error, not a pass over files never read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type AuditResult, buildReport, REPORT_VERSION, type Scope } from './audit-report.js';
import { UsageError } from './errors.js';
import type { Io } from './output.js';

function readReport(file: string, io: Io): AuditResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path.resolve(io.cwd, file), 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--merge: ${file}: ${code === 'ENOENT' ? 'no such file' : code ? `cannot be read (${code})` : 'not JSON'}`,
    );
  }
  const report = parsed as Partial<AuditResult> | null;
  if (
    report === null ||
    typeof report !== 'object' ||
    report.reportVersion !== REPORT_VERSION ||
    !Array.isArray(report.results) ||
    !Array.isArray(report.failed) ||
    !Array.isArray(report.syncs) ||
    !Array.isArray(report.schemas) ||
    typeof report.perRule !== 'object' ||
    typeof report.files !== 'object'
  )
    throw new UsageError(
      `--merge: ${file} is not a JSON report of this version of supabase-scale audit (--format json, report version ${REPORT_VERSION})`,
    );
  return report as AuditResult;
}

/** The shards of these reports: none, or all n of one split, each once. */
function checkShards(reports: readonly AuditResult[], files: readonly string[]): number | undefined {
  const shards = reports.map((report) => report.scope.shard);
  if (shards.every((shard) => shard === undefined)) return undefined;
  const unsharded = shards.findIndex((shard) => shard === undefined);
  if (unsharded >= 0) throw new UsageError(`--merge: ${files[unsharded]} is not a shard report, the others are`);
  const count = shards[0]!.count;
  const seen = new Map<number, string>();
  shards.forEach((shard, at) => {
    if (shard!.count !== count)
      throw new UsageError(
        `--merge: ${files[at]} is shard ${shard!.index}/${shard!.count}, not of the ${count}-way split`,
      );
    const twice = seen.get(shard!.index);
    if (twice !== undefined)
      throw new UsageError(`--merge: ${twice} and ${files[at]} are both shard ${shard!.index}/${count}`);
    seen.set(shard!.index, files[at]!);
  });
  const missing = Array.from({ length: count }, (_, at) => at + 1).filter((index) => !seen.has(index));
  if (missing.length > 0)
    throw new UsageError(
      `--merge: shard${missing.length === 1 ? '' : 's'} ${missing.map((index) => `${index}/${count}`).join(', ')} missing`,
    );
  return count;
}

function capacityOf(reports: readonly AuditResult[]): Pick<AuditResult, 'capacity'> {
  const capacity = reports.find((report) => report.capacity !== undefined)?.capacity;
  return capacity ? { capacity } : {};
}

export function mergeReports(files: readonly string[], io: Io): AuditResult {
  if (files.length === 0) throw new UsageError('--merge needs at least one JSON report');
  const reports = files.map((file) => readReport(file, io));
  const config = reports[0]!.config;
  reports.forEach((report, at) => {
    if (report.config !== config)
      throw new UsageError(`--merge: ${files[at]} ran the ${report.config} rules, ${files[0]} the ${config} rules`);
  });
  const shards = checkShards(reports, files);
  const scope: Scope = { merged: { reports: reports.length, ...(shards ? { shards } : {}) } };
  const since = reports[0]!.scope.since;
  if (reports.some((report) => report.scope.since?.base !== since?.base))
    throw new UsageError('--merge: the reports were not all made with the same --since base');
  if (since)
    scope.since = { ...since, changed: reports.reduce((sum, report) => sum + (report.scope.since?.changed ?? 0), 0) };
  const suppressed = reports.filter((report) => report.scope.suppressions);
  if (suppressed.length > 0)
    scope.suppressions = {
      file: suppressed[0]!.scope.suppressions!.file,
      suppressed: suppressed.reduce((sum, report) => sum + report.scope.suppressions!.suppressed, 0),
    };
  const sum = (pick: (report: AuditResult) => unknown) =>
    reports.reduce((total, report) => total + (typeof pick(report) === 'number' ? (pick(report) as number) : 0), 0);
  return buildReport({
    config,
    ruleNames: [...new Set(reports.flatMap((report) => Object.keys(report.perRule)))],
    scope,
    scanned: sum((report) => report.files.scanned),
    parsed: sum((report) => report.files.parsed),
    // every shard found the syncs over the whole project: the same syncs, kept once
    syncs: [
      ...new Map(reports.flatMap((report) => report.syncs).map((sync) => [`${sync.file}:${sync.line}`, sync])).values(),
    ],
    // likewise each shard run with --prove replayed every sync: one proof a sync
    ...(reports.some((report) => report.proofs)
      ? {
          proofs: [
            ...new Map(
              reports.flatMap((report) => report.proofs ?? []).map((proof) => [`${proof.file}:${proof.line}`, proof]),
            ).values(),
          ],
        }
      : {}),
    schemas: reports.flatMap((report) => report.schemas),
    failed: reports.flatMap((report) => report.failed),
    findings: reports.flatMap((report) => report.results),
    // each shard run with --capacity read the whole project: the same report, kept once
    ...capacityOf(reports),
  });
}

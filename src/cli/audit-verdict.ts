/**
 * The audit's sync verdict: finds the project's syncs (src/analysis/sync/
 * find-syncs.ts) over every file of the project, judges them
 * (sync-verdict.ts), and renders the sync map and the checks for the pretty,
 * Markdown and SARIF reports.
 */
import { softDeleteColumns } from '../analysis/sync/deletes.js';
import { deleteFacts, findSyncs, isTestFile, type TableDescription } from '../analysis/sync/find-syncs.js';
import type { CheckStatus, SyncFact, SyncRead } from '../analysis/sync/sync-plan.js';
import type { CheckProof, ProofRow, SyncProof } from '../analysis/sync/sync-proof.js';
import {
  type Check,
  CHECK_IDS,
  type Site,
  syncVerdict,
  type Verdict,
  verdictConclusion as conclusionOf,
  WARNING_CHECKS,
} from '../analysis/sync/sync-verdict.js';
import { noFullSync } from '../rules/no-full-sync.js';
import type { Paint } from './output.js';
import type { RunSchemas } from './schemas.js';

export type { Check, Site, Verdict } from '../analysis/sync/sync-verdict.js';
export type { SyncFact } from '../analysis/sync/sync-plan.js';
export type { SyncProof } from '../analysis/sync/sync-proof.js';

/** no-full-sync's options the sync search reads: the config file's where it sets them, else the rule's defaults. */
export interface SyncNameOptions {
  names?: readonly string[];
  replacement?: string;
}

/** The names that make a function a sync entry: no-full-sync's replacement. */
function syncNames(options: SyncNameOptions): string[] {
  return [options.replacement ?? noFullSync.meta.defaultOptions[0].replacement];
}

/** What the file's schema says of a table. */
function describer(schemas: RunSchemas) {
  return (file: string, table: string, schemaName: string): TableDescription | null => {
    const schema = schemas.forFile(file);
    if (!schema?.hasTable(table, schemaName)) return null;
    const primary = schema.primaryKey(table, schemaName) ?? [];
    const unique = [...new Set([...(primary.length === 1 ? primary : []), ...schema.uniqueColumns(table, schemaName)])];
    return {
      unique,
      softDelete: softDeleteColumns(schema, table, schemaName),
      typeOf: (column) => schema.columns(table, schemaName)?.find((c) => c.name === column)?.type ?? null,
    };
  };
}

/**
 * The project's syncs, found over `files` (every source file of the project,
 * whatever `--since` or `--shard` narrowed the lint to), named as `show` says.
 */
export function projectSyncs(
  files: readonly string[],
  show: (file: string) => string,
  schemas: RunSchemas,
  root: string,
  nameOptions: SyncNameOptions = {},
  read?: (file: string) => string | null,
): SyncFact[] {
  const isTest = (file: string) => isTestFile(show(file));
  return findSyncs(files, {
    ...(read && { read }),
    names: syncNames(nameOptions),
    fullSyncNames: nameOptions.names ?? noFullSync.meta.defaultOptions[0].names,
    show,
    isTest,
    describe: describer(schemas),
    deletes: deleteFacts(files, { show, isTest, ...(read && { read }) }),
    root,
  });
}

/** The verdict over the syncs, with the full syncs no-full-sync found, and each check's replay proof (`--prove`). */
export function decideVerdict(
  syncs: readonly SyncFact[],
  fullSyncSites: readonly Site[],
  partial?: string,
  proofs: readonly SyncProof[] = [],
): Verdict {
  const verdict = syncVerdict(syncs, fullSyncSites, partial);
  const byPlace = new Map(proofs.map((proof) => [`${proof.file}:${proof.line}:${proof.name}`, proof]));
  for (const judged of verdict.syncs) {
    const proof = byPlace.get(`${judged.sync.file}:${judged.sync.line}:${judged.sync.name}`);
    if (!proof) continue;
    judged.replay = { ms: proof.ms, tables: proof.tables };
    for (const check of judged.checks) {
      const checkProof = proof.checks[check.id];
      if (checkProof) check.proof = checkProof;
    }
  }
  return verdict;
}

export const verdictConclusion = conclusionOf;

const MAX_SITES = 6;

function sitesText(sites: readonly Site[]): string {
  if (sites.length === 0) return '';
  const shown = sites.slice(0, MAX_SITES).map((site) => `${site.file}:${site.line}`);
  const more = sites.length > MAX_SITES ? ` and ${sites.length - MAX_SITES} more` : '';
  return ` (${shown.join(', ')}${more})`;
}

/** A check's result as the reports show it: `ok`, `FAIL` (an error-level check failing), `WARN`, or `?` (unknown). */
export function checkResult(check: Check): 'ok' | 'FAIL' | 'WARN' | '?' {
  if (check.status === 'pass') return 'ok';
  if (check.status === 'unknown') return '?';
  return check.level === 'warning' ? 'WARN' : 'FAIL';
}

function seconds(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}

/** One line of the sync map for a read: `messages  updated_at gt (tiebreak id) · order updated_at asc · page 100, loop`. */
export function readLine(read: SyncRead): string {
  const table = read.rpc !== null ? `rpc(${read.rpc})` : (read.table ?? '(table named at run time)');
  const cursor = read.cursor
    ? `${read.cursor.column ?? '?'} ${read.cursor.comparison}${read.cursor.tiebreak ? ` (tiebreak ${read.cursor.tiebreak.column})` : ''} ← ${read.cursor.value}${read.cursor.margin ? ', margin' : ''}`
    : read.fallback
      ? 'no cursor (first-run fallback)'
      : 'no cursor';
  const order =
    read.orders.length === 0
      ? 'no order'
      : `order ${read.orders.map((o) => `${o.column ?? '?'} ${o.ascending === null ? '?' : o.ascending ? 'asc' : 'desc'}`).join(', ')}`;
  const page =
    read.page.kind === 'none'
      ? `no page bound: max-rows ${read.page.size ?? '?'}`
      : `${read.page.kind} ${read.page.size ?? '?'}${read.page.offsetMoves ? ' (moving offset)' : ''}`;
  return `${table}  ${cursor} · ${order} · ${page}${read.loop ? ', loop' : ''}`;
}

/** How a sync is run: `setInterval 30 s (src/App.tsx:12), 2 call sites`. */
export function runsText(sync: SyncFact): string {
  const triggers = sync.triggers.map(
    (t) => `${t.kind}${t.periodMs !== null ? ` ${seconds(t.periodMs)}` : ''} (${t.file}:${t.line})`,
  );
  const calls =
    sync.callers.length > 0 ? [`${sync.callers.length} call site${sync.callers.length === 1 ? '' : 's'}`] : [];
  const tests = sync.testCallers.length > 0 ? [`${sync.testCallers.length} in tests`] : [];
  const all = [...triggers, ...calls, ...tests];
  return all.length > 0 ? all.join(', ') : 'nothing found that runs it';
}

const SHOWN_PROOF_PAGES = 4;

/** A proof's outcome in a few words: `lost 250 rows`, `stalled`, `no loss`, `not replayed: why`. */
export function proofSummary(proof: CheckProof): string {
  const rows = (count: number) => `${count} row${count === 1 ? '' : 's'}`;
  switch (proof.status) {
    case 'lost-rows':
      return `lost ${rows(proof.missingCount ?? 0)}`;
    case 'stalled':
      return `stalled${proof.missingCount ? ` (${rows(proof.missingCount)} never read)` : ''}`;
    case 'no-loss':
      return 'no loss';
    default:
      return `not replayed: ${proof.reason ?? ''}`;
  }
}

/** Whether the replay contradicts the static check: a loss where it passes, or none found where it fails. */
export function proofDisagrees(check: Check): boolean {
  const proof = check.proof;
  if (!proof || proof.status === 'not-replayed') return false;
  const lost = proof.status === 'lost-rows' || proof.status === 'stalled';
  return check.status === 'pass' ? lost : check.status === 'fail' && !lost;
}

function rowText(row: ProofRow | undefined): string {
  return row ? `${row.id.slice(0, 8)} at ${row.cursor ?? 'null'}` : '';
}

/** The proof under a check in the pretty report: outcome, workload, pages, positions stored, rows missed; or what was tried. */
export function proofLines(check: Check): string[] {
  const proof = check.proof;
  if (!proof) return [];
  const disagree = proofDisagrees(check) ? ` (the static check says ${check.status}: the replay disagrees)` : '';
  const lines = [
    `proof: ${proofSummary(proof)}${proof.plan ? ` replaying ${proof.plan}` : ''} (${proof.ms} ms)${disagree}`,
  ];
  for (const held of proof.heldRight ?? []) lines.push(`  held right: ${held}`);
  if (proof.status === 'lost-rows' || proof.status === 'stalled') {
    lines.push(`  workload: ${proof.workload ?? ''}`);
    if (proof.timeline) for (const line of proof.timeline) lines.push(`    ${line}`);
    else {
      // a report from before the timeline: its pages and positions
      const pages = proof.pages ?? [];
      for (const page of pages.slice(0, SHOWN_PROOF_PAGES)) {
        const where = page.offset !== undefined ? `offset ${page.offset} past ${page.after}` : `past ${page.after}`;
        const span = page.rows > 0 ? `: ${rowText(page.first)} … ${rowText(page.last)}` : '';
        lines.push(`  run ${page.run} page ${page.page} read ${page.rows} ${where}${span}`);
      }
      if (pages.length > SHOWN_PROOF_PAGES) lines.push(`  … ${pages.length - SHOWN_PROOF_PAGES} more pages`);
      lines.push(`  stored: ${(proof.stored ?? []).join(' → ')}`);
    }
    const missing = proof.missing ?? [];
    lines.push(
      `  the copy lacks ${proof.missingCount ?? missing.length}: ${missing.map((row) => `${row.id.length > 12 ? row.id.slice(0, 8) : row.id} (${row.cursor ?? 'null'}, ${row.why})`).join(', ')}${(proof.missingCount ?? 0) > missing.length ? ', …' : ''}`,
    );
  } else if (proof.status === 'no-loss') {
    for (const tried of proof.tried) lines.push(`  tried: ${tried}`);
  }
  return lines;
}

function mark(result: ReturnType<typeof checkResult>, colors: Paint): string {
  switch (result) {
    case 'ok':
      return colors.green('ok  ');
    case 'WARN':
      return colors.yellow('WARN');
    case '?':
      return colors.yellow('?   ');
    default:
      return colors.red('FAIL');
  }
}

/** The pretty report's section: the sync map, each sync's checks, the app-wide checks, the conclusion. */
export function verdictPretty(verdict: Verdict, colors: Paint): string[] {
  const lines = [colors.bold('Sync verdict')];
  for (const check of verdict.checks) {
    lines.push(
      `  ${mark(checkResult(check), colors)} ${check.id.padEnd(18)} ${check.message}${sitesText(check.sites)}`,
    );
  }
  if (verdict.syncs.length === 0) lines.push('  no sync found (a function that reads past a stored change cursor)');
  for (const judged of verdict.syncs) {
    const { sync, checks } = judged;
    lines.push(
      `  ${colors.bold(sync.name)}  ${sync.file}:${sync.line}  (found by ${sync.found}; run by: ${runsText(sync)})`,
    );
    for (const read of sync.reads) lines.push(`    read    ${readLine(read)}  ${read.file}:${read.line}`);
    for (const store of sync.stores) {
      lines.push(
        `    stores  ${store.target} ← ${store.origin}${store.via.length > 0 ? ` via ${store.via.join(' → ')}()` : ''}  ${store.file}:${store.line}`,
      );
    }
    if (judged.replay) lines.push(`    replay  ${replayText(judged.replay)}`);
    for (const check of checks) {
      lines.push(
        `    ${mark(checkResult(check), colors)} ${check.id.padEnd(18)} ${check.message}${sitesText(check.sites)}`,
      );
      for (const line of proofLines(check)) lines.push(`         ${colors.dim(line)}`);
    }
  }
  lines.push(`  => ${conclusionOf(verdict)}`);
  return lines;
}

/** How long the replay took and what tables it made: `1.2 s; messages from 5 migration statements (1 foreign key dropped ...)`. */
export function replayText(replay: NonNullable<Verdict['syncs'][number]['replay']>): string {
  const tables = replay.tables.map(
    (table) =>
      `${table.table} from ${table.source === 'migrations' ? `${table.statements} migration statement${table.statements === 1 ? '' : 's'}` : 'the code'}${table.notes.length > 0 ? ` (${table.notes.join('; ')})` : ''}`,
  );
  return `replayed in ${(replay.ms / 1000).toFixed(1)} s${tables.length > 0 ? `; ${tables.join('; ')}` : ''}`;
}

/** The Markdown report's section. */
export function verdictMarkdown(verdict: Verdict): string[] {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const proved = verdict.syncs.some((judged) => judged.replay);
  const proofCell = (check: Check) =>
    proved
      ? ` ${cell(check.proof ? `${proofSummary(check.proof)}${check.proof.workload ? `: ${check.proof.workload}` : ''}${proofDisagrees(check) ? ' (disagrees with the static check)' : ''}` : '')} |`
      : '';
  const row = (scope: string, check: Check) =>
    `| ${cell(scope)} | ${check.id} | ${checkResult(check)} | ${cell(check.message)} | ${cell(check.sites.map((site) => `${site.file}:${site.line}`).join(', '))} |${proofCell(check)}`;
  const lines = ['## Sync verdict', ''];
  if (verdict.syncs.length > 0) {
    lines.push('| sync | where | found by | run by | reads |', '| --- | --- | --- | --- | --- |');
    for (const { sync } of verdict.syncs) {
      lines.push(
        `| ${cell(sync.name)} | ${sync.file}:${sync.line} | ${sync.found} | ${cell(runsText(sync))} | ${cell(sync.reads.map(readLine).join('; '))} |`,
      );
    }
    lines.push('');
  } else lines.push('No sync found.', '');
  lines.push(
    `| scope | check | result | message | sites |${proved ? ' replay proof |' : ''}`,
    `| --- | --- | --- | --- | --- |${proved ? ' --- |' : ''}`,
  );
  for (const check of verdict.checks) lines.push(row('app', check));
  for (const { sync, checks } of verdict.syncs) for (const check of checks) lines.push(row(sync.name, check));
  lines.push('', `**${conclusionOf(verdict)}**`);
  lines.push(...proofsMarkdown(verdict));
  return lines;
}

/** The Markdown report's counterexamples: each replay that lost rows or stalled, as in the pretty report. */
function proofsMarkdown(verdict: Verdict): string[] {
  const lines: string[] = [];
  for (const judged of verdict.syncs) {
    if (!judged.replay) continue;
    lines.push('', `### Replay of ${judged.sync.name}`, '', replayText(judged.replay));
    for (const check of judged.checks) {
      const proof = check.proof;
      if (!proof || (proof.status !== 'lost-rows' && proof.status !== 'stalled')) continue;
      lines.push('', `${check.id}:`, '', '```text', ...proofLines(check), '```');
    }
  }
  return lines;
}

/** ` Replayed against PostgreSQL: lost 250 rows (workload); never read: a1b2c3d4 at …`: a failing check's counterexample in one sentence. */
function proofSarifText(check: Check): string {
  const proof = check.proof;
  if (!proof || (proof.status !== 'lost-rows' && proof.status !== 'stalled')) return '';
  const first = proof.missing?.[0];
  const missed = first
    ? `; the copy lacks ${first.id.length > 12 ? first.id.slice(0, 8) : first.id} (${first.cursor ?? 'null'}, ${first.why})${(proof.missingCount ?? 1) > 1 ? ` and ${(proof.missingCount ?? 1) - 1} more` : ''}`
    : '';
  return ` Replayed against PostgreSQL: ${proofSummary(proof)} when ${proof.workload ?? 'the workload ran'}${missed}.`;
}

/** SARIF: a rule per check (its level as the default), and a result per failing check at its sites; unknown and passing checks make none. */
export function verdictSarif(verdict: Verdict): {
  rules: {
    id: string;
    name: string;
    shortDescription: { text: string };
    defaultConfiguration: { level: 'error' | 'warning' };
  }[];
  results: { ruleId: string; level: 'error' | 'warning'; message: { text: string }; sites: Site[] }[];
} {
  const failing = (status: CheckStatus) => status === 'fail';
  return {
    // every check, whatever this run found: a rule list that does not change from run to run
    rules: CHECK_IDS.map((id) => [id, WARNING_CHECKS.has(id) ? 'warning' : 'error'] as const).map(([id, level]) => ({
      id: `sync/${id}`,
      name: `sync-${id}`,
      shortDescription: { text: `Sync verdict: ${id}` },
      defaultConfiguration: { level },
    })),
    results: [
      ...verdict.checks
        .filter((check) => failing(check.status))
        .map((check) => ({ check, scope: null as string | null })),
      ...verdict.syncs.flatMap(({ sync, checks }) =>
        checks.filter((check) => failing(check.status)).map((check) => ({ check, scope: sync.name })),
      ),
    ]
      // a result without a location is refused by code scanning (with the whole upload): each has its sites
      .filter(({ check }) => check.sites.length > 0)
      .map(({ check, scope }) => ({
        ruleId: `sync/${check.id}`,
        level: check.level,
        message: { text: `${scope === null ? check.message : `${scope}: ${check.message}`}${proofSarifText(check)}` },
        sites: check.sites,
      })),
  };
}

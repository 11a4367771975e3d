/**
 * The capacity report as a person reads it: pretty (a compact bar per limit,
 * each site with its arithmetic, the assumptions and what is unknown), and a
 * Markdown table to paste into a design review.
 */
import type { Paint } from '../cli/output.js';
import { type CapacityReport, type LimitBar, num, type RateLine } from './arithmetic.js';
import type { AfterCodemods, CountedRequest } from './model.js';

const BAR_WIDTH = 20;

/** `[#####---------------]  25%`, full past 100% with the share. */
export function bar(share: number | null): string {
  if (share === null) return `[${'?'.repeat(BAR_WIDTH)}]    ?`;
  const filled = Math.min(BAR_WIDTH, Math.round(share * BAR_WIDTH));
  const percent = `${num(share * 100)}%`;
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent.padStart(5)}`;
}

function requestText(request: CountedRequest): string {
  const via = request.path.length > 0 ? ` via ${request.path.join(' → ')}()` : '';
  const item = `${request.perItem ? ', per item' : ''}${request.perPage === undefined ? '' : ', per page'}`;
  return `${request.method} ${request.table ?? '?'} (${request.read}${item})${via}  ${request.file}:${request.line}`;
}

function rateLines(
  lines: readonly RateLine[],
  colors: Paint,
  quiet: readonly { file: string; line: number }[] = [],
): string[] {
  const out: string[] = [];
  if (quiet.length > 0) {
    const shown = quiet
      .slice(0, 8)
      .map((site) => `${site.file}:${site.line}`)
      .join(', ');
    out.push(
      colors.dim(
        `  ${quiet.length} more send no Supabase request: ${shown}${quiet.length > 8 ? ` and ${quiet.length - 8} more` : ''}`,
      ),
    );
  }
  for (const line of lines) {
    out.push(`  ${colors.bold(`${line.file}:${line.line}`)}  ${line.kind}  ${line.text}`);
    out.push(`    ${line.formula}${line.unknown ? colors.yellow(`  ? ${line.unknown}`) : ''}`);
    for (const request of line.requests) out.push(`      ${requestText(request)}`);
    for (const call of line.unresolved)
      out.push(colors.yellow(`      ? ${call} not followed: what it sends is unknown`));
  }
  return out;
}

function barLine(item: LimitBar, colors: Paint): string {
  const over = item.share !== null && item.share > 1;
  const shown = `${bar(item.share)}  ${item.name}: ${item.used === null ? '?' : num(item.used)} / ${item.limit === null ? '?' : num(item.limit)}`;
  return `  ${over ? colors.red(shown) : shown}${over ? colors.red('  OVER THE LIMIT') : ''}`;
}

/** The pretty report. */
export function capacityPretty(report: CapacityReport, colors: Paint): string {
  const { inputs, periodic, events, realtime } = report;
  const lines: string[] = [
    colors.bold(`Capacity at ${num(inputs.users)} users (${num(inputs.online)} online), plan ${inputs.limits.label}`),
    '',
    colors.bold('Limits'),
  ];
  if (report.bars.length === 0) lines.push('  no Realtime channel found: no Realtime limit applies');
  for (const item of report.bars) lines.push(barLine(item, colors), `      ${item.formula}`);
  lines.push(
    `  Data API requests: ${periodic.atLeast ? 'at least ' : ''}${num(periodic.perSecond)} req/s periodic (no per-plan request limit is published: it depends on the compute size)`,
    '',
    colors.bold('Periodic requests'),
  );
  if (periodic.lines.length === 0) lines.push('  no timer, polling hook or refetch interval found');
  lines.push(
    ...rateLines(periodic.lines, colors),
    `  => ${periodic.formula}`,
    '',
    colors.bold('On focus and reconnect'),
  );
  if (events.lines.length === 0) lines.push('  no refetch on focus or reconnect found');
  lines.push(...rateLines(events.lines, colors, events.quiet), `  => ${events.formula}`, '', colors.bold('Realtime'));
  if (realtime.channels.length === 0) lines.push('  no channel found');
  for (const channel of realtime.channels) {
    lines.push(
      `  ${colors.bold(`${channel.file}:${channel.line}`)}  ${channel.owner ?? '(module)'}  ${channel.fate}  ${channel.formula}`,
    );
    for (const listener of channel.listeners) {
      const filter = listener.filtered === null ? '' : ` · filter ${listener.filtered}`;
      lines.push(
        `      ${listener.kind}${listener.table ? ` ${listener.table}` : ''}${filter}  ${listener.file}:${listener.line}`,
      );
    }
  }
  if (realtime.channels.length > 0) lines.push(`  => ${realtime.peakFormula}`, `  => ${realtime.connectionsFormula}`);
  for (const line of realtime.fanout) lines.push(`  => fan-out: ${line.formula}`);
  if (realtime.fanout.length > 0) {
    lines.push(
      '     Postgres Changes checks each change once per subscriber; Broadcast (realtime.broadcast_changes from a trigger, to a topic per room or user) sends it only to the channel that needs it.',
    );
  }
  lines.push('', colors.bold('Reads'), ...readsLines(report));
  if (report.after) lines.push('', colors.bold('Before and after `codemod all`'), ...afterPretty(report.after));
  lines.push('', colors.bold('Assumptions'));
  for (const assumption of report.assumptions) lines.push(`  - ${assumption}`);
  if (report.unknowns.length > 0) {
    lines.push('', colors.bold('Unknown (left out of every total; set with --assume)'));
    for (const unknown of report.unknowns) lines.push(colors.yellow(`  ? ${unknown}`));
  }
  return `${lines.join('\n')}\n`;
}

function readsLines(report: CapacityReport): string[] {
  const { reads } = report;
  const m = reads.perMinute;
  return [
    `  per online user per minute: ${num(m.full)} full reads (no cursor, no page bound: cut at ${num(report.inputs.limits.maxRows)} rows), ${num(m.delta)} delta, ${num(m.page)} paged, ${num(m.other)} other reads, ${num(m.write)} writes`,
    `  unbounded share: ${reads.unboundedShare === null ? 'no periodic request counted' : `${num(reads.unboundedShare * 100)}%`}`,
    `  full syncs on a schedule: ${reads.fullSyncSites.length}${reads.fullSyncSites.length > 0 ? ` (${reads.fullSyncSites.map((site) => `${site.file}:${site.line}`).join(', ')})` : ''}; delta syncs: ${reads.deltaSyncSites.length}`,
  ];
}

function value(number: number | null, atLeast: boolean): string {
  return number === null ? '?' : `${atLeast ? '≥ ' : ''}${num(number)}`;
}

/** What `codemod all` would do, in one line. */
function codemodsLine(after: AfterCodemods): string {
  const { codemods } = after;
  const each = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([codemod, count]) => `${codemod} ${count}`)
      .join(', ');
  const left = Object.values(codemods.left).reduce((sum, count) => sum + count, 0);
  return `codemod all would rewrite ${codemods.changed} file${codemods.changed === 1 ? '' : 's'} (sites: ${each(codemods.rewritten) || 'none'}); ${left} site${left === 1 ? '' : 's'} left for manual work${left > 0 ? ` (${each(codemods.left)})` : ''}, ${codemods.refusedByTypecheck} of them for a type error; ${codemods.failed} file${codemods.failed === 1 ? '' : 's'} it could not rewrite`;
}

function afterPretty(after: AfterCodemods): string[] {
  const width = Math.max(...after.rows.map((row) => row.metric.length));
  return [
    `  ${after.method}`,
    `  ${codemodsLine(after)}`,
    `  ${''.padEnd(width)}  ${'before'.padStart(10)}  ${'after'.padStart(10)}`,
    ...after.rows.map(
      (row) =>
        `  ${row.metric.padEnd(width)}  ${value(row.before, row.beforeAtLeast).padStart(10)}  ${value(row.after, row.afterAtLeast).padStart(10)}`,
    ),
  ];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The Markdown report: tables to paste into a design review. */
export function capacityMarkdown(report: CapacityReport): string {
  const { inputs, periodic, events, realtime } = report;
  const lines = [
    `## Capacity at ${num(inputs.users)} users (${num(inputs.online)} online), plan ${inputs.limits.label}`,
    '',
    '| limit | used | limit | share | arithmetic |',
    '| --- | --- | --- | --- | --- |',
    ...report.bars.map(
      (item) =>
        `| ${item.name} | ${item.used === null ? '?' : num(item.used)} | ${item.limit === null ? '?' : num(item.limit)} | ${item.share === null ? '?' : `${num(item.share * 100)}%`} | ${cell(item.formula)} |`,
    ),
    `| Data API requests/s | ${periodic.atLeast ? '≥ ' : ''}${num(periodic.perSecond)} | none published | | ${cell(periodic.formula)} |`,
    '',
    '| site | what | arithmetic | requests each run |',
    '| --- | --- | --- | --- |',
  ];
  for (const line of [...periodic.lines, ...events.lines]) {
    lines.push(
      `| ${line.file}:${line.line} | ${line.kind} | ${cell(line.formula)}${line.unknown ? ` (${cell(line.unknown)})` : ''} | ${cell(line.requests.map((request) => `${request.method} ${request.table ?? '?'} (${request.read}) ${request.file}:${request.line}`).join('; '))}${line.unresolved.length > 0 ? cell(`; not followed: ${line.unresolved.join(', ')}`) : ''} |`,
    );
  }
  lines.push('', `**${cell(periodic.formula)}**`, '', `**${cell(events.formula)}**`, '');
  if (realtime.channels.length > 0) {
    lines.push('| channel | opened by | fate | listeners | channels |', '| --- | --- | --- | --- | --- |');
    for (const channel of realtime.channels) {
      const listeners = channel.listeners
        .map(
          (listener) =>
            `${listener.kind}${listener.table ? ` ${listener.table}` : ''}${listener.filtered === null ? '' : ` (filter ${listener.filtered})`}`,
        )
        .join(', ');
      lines.push(
        `| ${channel.file}:${channel.line} | ${channel.owner ?? ''} | ${channel.fate} | ${cell(listeners)} | ${cell(channel.formula)} |`,
      );
    }
    lines.push('');
    for (const line of realtime.fanout) lines.push(`- fan-out: ${cell(line.formula)}`);
    if (realtime.fanout.length > 0)
      lines.push(
        '- Broadcast (a trigger with `realtime.broadcast_changes` to a topic per room or user) is the way past the fan-out.',
        '',
      );
  }
  lines.push('### Reads', '', ...readsLines(report).map((line) => `-${line.slice(1)}`), '');
  if (report.after) {
    lines.push(
      '### Before and after `codemod all`',
      '',
      `${cell(report.after.method)}; ${cell(codemodsLine(report.after))}.`,
      '',
    );
    lines.push('| number | before | after |', '| --- | --- | --- |');
    for (const row of report.after.rows)
      lines.push(`| ${row.metric} | ${value(row.before, row.beforeAtLeast)} | ${value(row.after, row.afterAtLeast)} |`);
    lines.push('');
  }
  lines.push('### Assumptions', '');
  lines.push(...report.assumptions.map((assumption) => `- ${cell(assumption)}`));
  if (report.unknowns.length > 0)
    lines.push('', '### Unknown', '', ...report.unknowns.map((unknown) => `- ${cell(unknown)}`));
  return `${lines.join('\n')}\n`;
}

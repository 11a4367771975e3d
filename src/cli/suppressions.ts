/**
 * `audit --suppressions <file>`: ESLint's bulk suppressions file
 * (`eslint --suppress-all` writes eslint-suppressions.json): for each file
 * (relative to the current folder, forward slashes) and rule id, a count.
 * As ESLint applies it: when a file has no more findings of a rule than the
 * count, none of them is reported; when it has more, all of them are.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { namespace } from '../index.js';
import type { Finding } from './audit-report.js';
import { UsageError } from './errors.js';

export type Suppressions = Record<string, Record<string, { count: number }>>;

export function readSuppressions(file: string, cwd: string): Suppressions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path.resolve(cwd, file), 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--suppressions: ${file}: ${code === 'ENOENT' ? 'no such file' : code ? `cannot be read (${code})` : 'not JSON'}`,
    );
  }
  const valid =
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every(
      (rules) =>
        rules !== null &&
        typeof rules === 'object' &&
        Object.values(rules as object).every(
          (entry) =>
            entry !== null &&
            typeof entry === 'object' &&
            Number.isInteger((entry as { count?: unknown }).count) &&
            (entry as { count: number }).count >= 0,
        ),
    );
  if (!valid)
    throw new UsageError(
      `--suppressions: ${file} is not an ESLint suppressions file ({ "<file>": { "<rule id>": { "count": n } } })`,
    );
  return parsed as Suppressions;
}

/** The findings still reported, and how many were suppressed. */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: Suppressions,
): { kept: Finding[]; suppressed: number } {
  const counts = new Map<string, number>();
  const key = (finding: Finding) => `${finding.file}\u0000${namespace}/${finding.rule}`;
  for (const finding of findings) counts.set(key(finding), (counts.get(key(finding)) ?? 0) + 1);
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const finding of findings) {
    const allowed = suppressions[finding.file]?.[`${namespace}/${finding.rule}`]?.count;
    if (allowed !== undefined && counts.get(key(finding))! <= allowed) suppressed += 1;
    else kept.push(finding);
  }
  return { kept, suppressed };
}

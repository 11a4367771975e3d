/**
 * SARIF 2.1.0 for code scanning: one run, a rule per audited rule with its
 * docs page as `helpUri`, a result per finding with `partialFingerprints`
 * that survive unrelated edits, and every file that could not be audited as
 * an error notification of the invocation (which then did not succeed), so
 * a gate never passes over a file it did not read.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import plugin, { namespace } from '../index.js';
import { REPOSITORY_URL, ruleDocsUrl } from '../rules/create-rule.js';
import { type AuditResult, type Finding, isCounted, scopeLine } from './audit-report.js';
import type { Io } from './output.js';
import { verdictSarif } from './audit-verdict.js';

/** Where the delta-sync checks are explained. */
const DELTA_SYNC_DOCS = `${REPOSITORY_URL}/blob/main/docs/delta-sync.md`;

/** The key of our fingerprint in `partialFingerprints` (versioned: a change of recipe gets a new key). */
export const FINGERPRINT_KEY = 'supabaseScale/v1';

/** The reported lines' text with the whitespace that formatting moves around taken out. */
function normalizedText(lines: readonly string[], from: number, to: number): string {
  return lines
    .slice(from - 1, Math.max(from, to))
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n');
}

/**
 * Each finding with its fingerprint: a hash of the rule, the file and the
 * normalized text of the reported lines, with the rank among the findings of
 * the same rule on identical text in the file. Lines moving elsewhere in the
 * file leave it as it was.
 */
export function fingerprintFindings(found: readonly Omit<Finding, 'fingerprint'>[], text: string): Finding[] {
  const lines = text.split(/\r\n|\r|\n/);
  const seen = new Map<string, number>();
  return [...found]
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map((finding) => {
      const key = `${finding.rule}\u0000${finding.file}\u0000${normalizedText(lines, finding.line, finding.endLine)}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      const fingerprint = createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
      return { ...finding, fingerprint };
    });
}

function pathToUri(file: string): string {
  return `file://${file
    .split(path.sep)
    .map(encodeURIComponent)
    .join('/')
    .replace(/^(?!\/)/, '/')}`;
}

function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  return path.isAbsolute(file)
    ? { uri: pathToUri(file) }
    : { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

/** The verdict's failing checks as SARIF results: one per site (a check without a site makes none). */
function checkResults(checks: ReturnType<typeof verdictSarif>, firstIndex: number): object[] {
  return checks.results.flatMap(({ sites, ...result }) => {
    const ruleIndex = firstIndex + checks.rules.findIndex((rule) => rule.id === result.ruleId);
    if (sites.length === 0) return [{ ...result, ruleIndex }];
    return sites.map((site) => ({
      ...result,
      ruleIndex,
      locations: [
        { physicalLocation: { artifactLocation: artifactLocation(site.file), region: { startLine: site.line } } },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: `${result.ruleId}:${site.file}:${site.line}` },
    }));
  });
}

export function sarif(result: AuditResult, io: Io): object {
  const checks = verdictSarif(result.verdict);
  const ruleNames = Object.keys(result.perRule);
  const rules = ruleNames.map((name) => {
    const rule = plugin.rules[name as keyof typeof plugin.rules] as
      (typeof plugin.rules)[keyof typeof plugin.rules] | undefined;
    const docs = rule?.meta?.docs;
    return {
      id: `${namespace}/${name}`,
      name,
      shortDescription: { text: docs?.description ?? name },
      helpUri: ruleDocsUrl(name),
      defaultConfiguration: { level: 'error' },
    };
  });
  const scope = scopeLine(result.scope);
  const notifications = [
    ...(scope ? [{ level: 'note', message: { text: `supabase-scale: ${scope}` }, descriptor: { id: 'scope' } }] : []),
    ...result.failed.map((failure) => ({
      level: 'error',
      message: { text: `${failure.file} was not audited: it ${failure.error}` },
      descriptor: { id: 'file-not-audited' },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(failure.file) } }],
    })),
  ];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'supabase-scale',
            semanticVersion: plugin.meta.version,
            version: plugin.meta.version,
            informationUri: 'https://github.com/supabase-scale/eslint-plugin-supabase-scale',
            rules: [...rules, ...checks.rules.map((rule) => ({ ...rule, helpUri: DELTA_SYNC_DOCS }))],
          },
        },
        invocations: [
          {
            executionSuccessful: result.failed.length === 0,
            toolExecutionNotifications: notifications,
            properties: { config: result.config, scope: result.scope },
          },
        ],
        originalUriBaseIds: { SRCROOT: { uri: `${pathToUri(io.cwd)}/` } },
        columnKind: 'utf16CodeUnits',
        results: [
          ...result.results.map((finding) => ({
            ruleId: `${namespace}/${finding.rule}`,
            ruleIndex: ruleNames.indexOf(finding.rule),
            // app code's findings are errors; a script's or a test's a note, unless --include counts them
            level: isCounted(result, finding) ? 'error' : 'note',
            message: { text: finding.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: artifactLocation(finding.file),
                  region: {
                    startLine: finding.line,
                    startColumn: finding.column,
                    endLine: finding.endLine,
                    endColumn: finding.endColumn,
                  },
                },
              },
            ],
            partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
          })),
          ...checkResults(checks, rules.length),
        ],
      },
    ],
  };
}

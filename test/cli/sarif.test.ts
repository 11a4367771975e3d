/**
 * `audit --format sarif`: valid against the SARIF 2.1.0 JSON schema (as
 * shipped by @microsoft/jest-sarif), fingerprints that follow a finding when
 * unrelated lines move, rule docs as helpUri, and files not audited as error
 * notifications of an unsuccessful invocation.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY } from '../../src/cli/sarif.js';
import { ruleDocsUrl } from '../../src/rules/create-rule.js';
import { cli, FULL_SYNC, project, UNBOUNDED } from './helpers.js';
import { dedent } from '../dedent.js';

const require = createRequire(import.meta.url);
const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
const validate = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object);

interface Sarif {
  runs: {
    tool: { driver: { rules: { id: string; name: string; helpUri: string }[] } };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: {
        level: string;
        message: { text: string };
        locations?: { physicalLocation: { artifactLocation: { uri: string } } }[];
      }[];
    }[];
    results: {
      ruleId: string;
      locations: { physicalLocation: { region: { startLine: number } } }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

async function sarifOf(root: string, ...args: string[]): Promise<Sarif> {
  const run = await cli(root, 'audit', '--format', 'sarif', ...args);
  const log = JSON.parse(run.stdout) as Sarif;
  expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
  return log;
}

const TWO_READS = dedent`
  import { supabase } from './supabase';
  export async function a() {
    const { data } = await supabase.from('rooms').select('*');
    return data;
  }
  export async function b() {
    const { data } = await supabase.from('rooms').select('*');
    return data;
  }
`;

describe('audit --format sarif', () => {
  it('is valid SARIF 2.1.0 with rules that link their docs; a clean run succeeded', async () => {
    const log = await sarifOf(project({ 'src/a.ts': UNBOUNDED, 'src/b.ts': FULL_SYNC }), '--strict');
    const [run] = log.runs;
    expect(run!.tool.driver.rules.length).toBeGreaterThan(3);
    for (const rule of run!.tool.driver.rules)
      expect(rule.helpUri).toBe(
        rule.id.startsWith('sync/')
          ? 'https://github.com/supabase-scale/eslint-plugin-supabase-scale/blob/main/docs/delta-sync.md'
          : ruleDocsUrl(rule.name),
      );
    expect(run!.invocations[0]!.executionSuccessful).toBe(true);
    expect(run!.invocations[0]!.toolExecutionNotifications).toEqual([]);
    const own = run!.results.filter((r) => r.ruleId.startsWith('supabase-scale/'));
    expect(own.map((r) => r.ruleId).sort()).toEqual([
      'supabase-scale/no-full-sync',
      'supabase-scale/require-pagination',
    ]);
    // the verdict's failing checks are results too, under their own rules
    expect(run!.results.map((r) => r.ruleId)).toContain('sync/no-full-sync');
  });

  it('names each file it could not audit in an error notification, and the invocation did not succeed', async () => {
    const root = project({ 'src/a.ts': UNBOUNDED, 'src/broken.ts': "const = supabase.from('t').select();\n" });
    const log = await sarifOf(root);
    const [invocation] = log.runs[0]!.invocations;
    expect(invocation!.executionSuccessful).toBe(false);
    expect(invocation!.toolExecutionNotifications).toHaveLength(1);
    const [notification] = invocation!.toolExecutionNotifications;
    expect(notification!.level).toBe('error');
    expect(notification!.message.text).toMatch(/^src\/broken\.ts was not audited: it does not parse \(line 1:6: /);
    expect(notification!.locations![0]!.physicalLocation.artifactLocation.uri).toBe('src/broken.ts');
  });

  it('fingerprints: every result has one, distinct for identical lines, unchanged when unrelated lines move', async () => {
    const root = project({ 'src/a.ts': TWO_READS });
    const fingerprints = async () =>
      (await sarifOf(root)).runs[0]!.results.filter((r) => r.ruleId.startsWith('supabase-scale/')).map((r) => [
        r.locations[0]!.physicalLocation.region.startLine,
        r.partialFingerprints[FINGERPRINT_KEY],
      ]);
    const before = await fingerprints();
    expect(before.map(([line]) => line)).toEqual([3, 7]);
    expect(before[0]![1]).toMatch(/^[0-9a-f]{32}$/);
    expect(before[0]![1]).not.toBe(before[1]![1]);
    // lines added above and between, and the reads re-indented: same fingerprints, new lines
    const moved = TWO_READS.replace('export async function a', '// a comment\n\nexport async function a')
      .replace('export async function b', '/** b */\nexport async function b')
      .replace(/ {2}const \{ data \}/g, '    const { data }');
    writeFileSync(path.join(root, 'src/a.ts'), moved);
    const after = await fingerprints();
    expect(after.map(([line]) => line)).toEqual([5, 10]);
    expect(after.map(([, fingerprint]) => fingerprint)).toEqual(before.map(([, fingerprint]) => fingerprint));
    // the second reported line itself changed: a new fingerprint for it only
    const lastRead = moved.lastIndexOf("from('rooms')");
    writeFileSync(
      path.join(root, 'src/a.ts'),
      `${moved.slice(0, lastRead)}from('halls')${moved.slice(lastRead + "from('rooms')".length)}`,
    );
    const changed = await fingerprints();
    expect(changed[0]![1]).toBe(before[0]![1]);
    expect(changed[1]![1]).not.toBe(before[1]![1]);
  });
});

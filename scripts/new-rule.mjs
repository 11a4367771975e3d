// `npm run new-rule -- <name> [--area postgrest|realtime|sync] [--method <name>] [--dry-run] [--no-docs]`:
// scaffolds a rule the way the repository holds one (CONTRIBUTING.md, "Adding a
// rule"): the detector under src/analysis/<area>/, the rule with its text gate
// in src/rules/ (registered in src/rules/index.ts), its docs page, its RuleTester
// test, its fuzz entry and a line of the text-gate corpus. The scaffold is
// working code: it reports every call of `.<method>()` (say what the rule is
// really about and change it), and the tests it writes pass as written.
// Nothing is overwritten: a name in use, or a file already there, stops it
// with one line and exit 2.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import { root as repositoryRoot } from './dist.mjs';

const AREAS = ['postgrest', 'realtime', 'sync'];

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  process.stderr.write(`new-rule: ${message}\n`);
  process.exit(2);
}

/** @param {string} name */
const pascal = (name) =>
  name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/**
 * The files of a new rule, by path relative to the repository's root.
 *
 * @param {{ name: string; area: string; method: string }} spec
 * @returns {Record<string, string>}
 */
function newFiles({ name, area, method }) {
  const type = pascal(name);
  const value = type.charAt(0).toLowerCase() + type.slice(1);
  const description = `Report calls of \`.${method}()\` (describe what this rule is for)`;
  return {
    [`src/analysis/${area}/${name}.ts`]: `/**
 * The detector of supabase-scale/${name}: every call of \`.${method}()\`.
 * A scaffold (npm run new-rule): say here what the rule recognizes, why it
 * stops an app from scaling, and recognize exactly that.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { asMethodCall } from '../ast.js';
import type { AnalysisContext, Detector } from '../detector.js';

/** Text gate: a file that never spells \`.${method}(\` cannot hold a finding. */
export function mayHold${type}(text: string): boolean {
  return text.includes('.${method}(');
}

export interface ${type}Finding {
  call: TSESTree.CallExpression;
}

export function create${type}Detector(ctx: AnalysisContext): Detector<${type}Finding> | null {
  if (!mayHold${type}(ctx.text)) return null;
  const found: ${type}Finding[] = [];
  return {
    listeners: {
      CallExpression(node: TSESTree.CallExpression) {
        if (asMethodCall(node)?.name === '${method}') found.push({ call: node });
      },
    },
    finish: () => found,
  };
}
`,
    [`src/rules/${name}.ts`]: `import { create${type}Detector, mayHold${type}, type ${type}Finding } from '../analysis/${area}/${name}.js';
import { createDetectorRule } from './create-rule.js';

/** The rule has no options yet. */
export type ${type}FilledOptions = Record<string, never>;
export type MessageIds = 'found';

export const ${value} = createDetectorRule<MessageIds, ${type}FilledOptions, ${type}Finding>({
  name: '${name}',
  meta: {
    type: 'problem',
    docs: {
      description: '${description.replaceAll("'", "\\'")}',
    },
    messages: {
      found: 'This call of \`.${method}()\` is reported (say what it costs at scale, and what to write instead).',
    },
    schema: [{ type: 'object', additionalProperties: false, properties: {} }],
    defaultOptions: [{}],
  },
  gate: (text) => mayHold${type}(text),
  detector: (sourceCode) => create${type}Detector(sourceCode),
  report(context, { call }) {
    context.report({ node: call, messageId: 'found' });
  },
});
`,
    [`docs/rules/${name}.md`]: `# supabase-scale/${name}

> ${description}

Configs: all · Suggestions: no

## Why

Say what the pattern costs as the app grows, with a number and its source.

## Wrong

\`\`\`ts wrong
client.${method}();
\`\`\`

## Right

\`\`\`ts right
client.other();
\`\`\`

## Options

This rule has no options.

## When not to use it

Say when the pattern is harmless.
`,
    [`test/rules/${name}.test.ts`]: `import { ${value} } from '../../src/rules/${name}.js';
import { at } from './loc.js';
import { javascriptTester, typescriptTester } from './tester.js';

const valid = ['client.other();', 'const ${method} = 1;'];
const invalid = [
  ['client.${method}();', 'client.${method}()'],
  ['await api.client.${method}(1, 2);', 'api.client.${method}(1, 2)'],
].map(([code, call]) => ({ code: code!, errors: [{ messageId: 'found' as const, ...at(code!, call!) }] }));

typescriptTester().run('${name} (TypeScript)', ${value}, { valid, invalid });
javascriptTester().run('${name} (JavaScript)', ${value}, { valid, invalid });
`,
  };
}

/**
 * The edits to files that list every rule: the registry, the fuzz registry and
 * the text-gate corpus.
 *
 * @param {{ name: string; area: string; method: string }} spec
 * @param {(file: string) => string} read
 * @returns {Record<string, string>}
 */
function listEdits({ name, method }, read) {
  const type = pascal(name);
  const value = type.charAt(0).toLowerCase() + type.slice(1);
  /** @param {string} text @param {string} anchor @param {string} insert @param {string} file */
  const after = (text, anchor, insert, file) => {
    const at = text.indexOf(anchor);
    if (at < 0) fail(`${file}: cannot find where to add the rule (${JSON.stringify(anchor)})`);
    return text.slice(0, at + anchor.length) + insert + text.slice(at + anchor.length);
  };
  const index = read('src/rules/index.ts');
  const registry = read('test/fuzz/registry.ts');
  const corpus = read('test/cli/helpers.ts');
  return {
    'src/rules/index.ts': after(
      after(
        index,
        "import { noFullSync } from './no-full-sync.js';\n",
        `import { ${value} } from './${name}.js';\n`,
        'src/rules/index.ts',
      ),
      'export const rules = {\n',
      `  '${name}': ${value},\n`,
      'src/rules/index.ts',
    ),
    'test/fuzz/registry.ts': after(
      registry,
      'export const ruleEntries: Record<RuleName, RuleEntry> = {\n',
      `  '${name}': {\n    options: fc.constant({}),\n    snippets: (_lang, index) => fc.constant(\`export const call${type}\${index} = (client) => client.${method}();\`),\n    suggestionClearsSite: false,\n  },\n`,
      'test/fuzz/registry.ts',
    ),
    'test/cli/helpers.ts': after(
      corpus,
      'export const UNCORPUSED_FINDINGS = [\n',
      `  'export const call${type} = (client: { ${method}(): void }) => client.${method}();',\n`,
      'test/cli/helpers.ts',
    ),
  };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      area: { type: 'string', default: 'postgrest' },
      method: { type: 'string', default: 'exampleMethod' },
      root: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'no-docs': { type: 'boolean', default: false },
    },
  });
  const [given, ...extra] = positionals;
  if (given === undefined || extra.length > 0)
    fail('give one rule name: npm run new-rule -- <name> [--area postgrest|realtime|sync]');
  const name = given;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(name))
    fail(`'${name}' is not a kebab-case rule name (e.g. require-something)`);
  const area = values.area;
  if (!AREAS.includes(area)) fail(`--area must be one of ${AREAS.join(', ')}; got '${area}'`);
  const method = values.method;
  if (!/^[A-Za-z_$][\w$]*$/.test(method)) fail(`--method must be an identifier; got '${method}'`);
  const root = path.resolve(values.root ?? repositoryRoot);
  const spec = { name, area, method };
  /** @param {string} file */
  const read = (file) => {
    try {
      return readFileSync(path.join(root, file), 'utf8');
    } catch {
      return fail(`${file}: cannot be read under ${root}`);
    }
  };
  if (read('src/rules/index.ts').includes(`'${name}':`)) fail(`a rule named '${name}' exists`);
  const created = newFiles(spec);
  for (const file of Object.keys(created))
    if (existsSync(path.join(root, file))) fail(`${file} exists: nothing written`);
  const edited = listEdits(spec, read);
  const all = { ...created, ...edited };
  if (!values['dry-run']) {
    for (const [file, text] of Object.entries(all)) {
      const target = path.join(root, file);
      const options = (await prettier.resolveConfig(target)) ?? {};
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, await prettier.format(text, { ...options, filepath: target }));
    }
  }
  // the README's rule table, from the built rules
  const docs =
    values['dry-run'] || values['no-docs']
      ? null
      : spawnSync('npm', ['run', '--silent', 'docs'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  if (docs && docs.status !== 0) fail(`npm run docs failed (the files are written):\n${docs.stderr || docs.stdout}`);
  const verb = values['dry-run'] ? 'would write' : 'wrote';
  process.stdout.write(
    [
      ...Object.keys(created).map((file) => `${verb} ${file}`),
      ...Object.keys(edited).map((file) => `${values['dry-run'] ? 'would edit' : 'edited'} ${file}`),
      ...(docs ? ['updated README.md (npm run docs)'] : []),
      '',
      'Next: make the detector recognize what the rule is for (and its gate say when a file cannot hold it),',
      'write the docs page (then `npm run docs` again: the README table shows its description),',
      'give the fuzz entry real snippets, and add a case to the bench corpus and the shard/engine corpora',
      '(test/cli/shard.test.ts, test/scale/engines.test.ts count a finding of every rule).',
      '',
    ].join('\n'),
  );
}

await main();

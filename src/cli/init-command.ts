/**
 * `supabase-scale init`: an ESLint flat config with the plugin, in the
 * project's module system (an ES module where package.json says `"type":
 * "module"`, CommonJS otherwise: an ES-module `eslint.config.js` does not
 * load in a CommonJS package), with the TypeScript parser when the project
 * has TypeScript; and a GitHub Actions workflow running the audit (the one
 * docs/ci.md shows), in the project's package manager. A file that exists is
 * never overwritten: the summary says what to add to it. `--dry-run` prints
 * what would be written.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';
import { writeFileAtomic } from './fs.js';
import type { Io } from './output.js';

export interface InitOptions {
  dryRun?: boolean;
  /** `--no-ci`: false. */
  ci?: boolean;
}

const ESLINT_CONFIGS = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
];

export const WORKFLOW_FILE = '.github/workflows/supabase-scale.yml';

interface PackageJson {
  type?: unknown;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
}

/** What the project is, as far as the files init writes depend on it. */
export interface ProjectFacts {
  esm: boolean;
  /** The project has TypeScript (a tsconfig.json, or typescript among its dependencies). */
  typescript: boolean;
  /** How its config imports the TypeScript parser: typescript-eslint, or @typescript-eslint/parser alone. */
  parser: 'typescript-eslint' | '@typescript-eslint/parser';
  packageManager: 'npm' | 'pnpm' | 'yarn';
  /** The packages its devDependencies lack, for the install line. */
  missing: string[];
}

function readPackageJson(root: string): PackageJson | null {
  const file = path.join(root, 'package.json');
  if (!existsSync(file)) return null;
  try {
    const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not a JSON object');
    return json;
  } catch (error) {
    throw new UsageError(`malformed package.json: ${(error as Error).message}`);
  }
}

/** The facts of the project in `root`. */
export function projectFacts(root: string): ProjectFacts {
  const json = readPackageJson(root);
  const deps = { ...json?.dependencies, ...json?.devDependencies };
  const has = (name: string) => Object.hasOwn(deps, name);
  const typescript = existsSync(path.join(root, 'tsconfig.json')) || has('typescript');
  const parser =
    !has('typescript-eslint') && has('@typescript-eslint/parser') ? '@typescript-eslint/parser' : 'typescript-eslint';
  const packageManager = existsSync(path.join(root, 'pnpm-lock.yaml'))
    ? 'pnpm'
    : existsSync(path.join(root, 'yarn.lock'))
      ? 'yarn'
      : 'npm';
  const wanted = ['eslint', 'eslint-plugin-supabase-scale', ...(typescript ? [parser] : [])];
  return {
    esm: json?.type === 'module',
    typescript,
    parser,
    packageManager,
    missing: wanted.filter((name) => !has(name)),
  };
}

/** The flat config: the plugin's recommended rules, the TypeScript parser first when the project has TypeScript. */
export function eslintConfig(facts: ProjectFacts): string {
  const parserName = facts.parser === 'typescript-eslint' ? 'tseslint' : 'tsParser';
  const parserValue = facts.parser === 'typescript-eslint' ? 'tseslint.parser' : 'tsParser';
  const imports = facts.esm
    ? [
        ...(facts.typescript ? [`import ${parserName} from '${facts.parser}';`] : []),
        "import supabaseScale from 'eslint-plugin-supabase-scale';",
      ]
    : [
        ...(facts.typescript ? [`const ${parserName} = require('${facts.parser}');`] : []),
        "const supabaseScale = require('eslint-plugin-supabase-scale');",
      ];
  const entries = [
    ...(facts.typescript
      ? [
          '  // TypeScript: give ESLint a parser for .ts/.tsx first (plain JavaScript needs no parser)',
          `  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: ${parserValue} } },`,
        ]
      : []),
    '  supabaseScale.configs.recommended,',
  ];
  return [
    `// ESLint flat config, written by \`supabase-scale init\` (${facts.esm ? 'an ES module: package.json says "type": "module"' : 'CommonJS: package.json does not say "type": "module"'})`,
    ...imports,
    '',
    `${facts.esm ? 'export default' : 'module.exports ='} [`,
    ...entries,
    '];',
    '',
  ].join('\n');
}

/** The install and run steps of the workflow, in the project's package manager. */
function steps(manager: ProjectFacts['packageManager']): { setup: string[]; install: string; run: string } {
  if (manager === 'pnpm') {
    return {
      setup: ['      - uses: pnpm/action-setup@v4'],
      install: 'pnpm install --frozen-lockfile',
      run: 'pnpm exec',
    };
  }
  if (manager === 'yarn') return { setup: [], install: 'yarn install --frozen-lockfile', run: 'yarn' };
  return { setup: [], install: 'npm ci', run: 'npx' };
}

/**
 * The workflow: on pull requests, the audit of the files the pull request
 * changes (a gate: no new finding); on pushes to main, the whole audit as
 * SARIF for code scanning. With npm it is, byte for byte, the workflow
 * docs/ci.md shows (a test holds it).
 */
export function workflow(manager: ProjectFacts['packageManager']): string {
  const { setup, install, run } = steps(manager);
  const prelude = (fetchDepth: boolean) => [
    '      - uses: actions/checkout@v4',
    ...(fetchDepth ? ['        with:', '          fetch-depth: 0'] : []),
    ...setup,
    '      - uses: actions/setup-node@v4',
    '        with:',
    '          node-version: 22',
    `      - run: ${install}`,
  ];
  return [
    '# .github/workflows/supabase-scale.yml (written by `supabase-scale init`)',
    'name: supabase-scale',
    'on:',
    '  pull_request:',
    '  push:',
    '    branches: [main]',
    'permissions:',
    '  contents: read',
    '  security-events: write',
    'jobs:',
    '  gate:',
    "    if: github.event_name == 'pull_request'",
    '    runs-on: ubuntu-latest',
    '    steps:',
    ...prelude(true),
    '      # the files the pull request changes: no finding in them',
    `      - run: ${run} supabase-scale audit --since origin/\${{ github.base_ref }} --max-findings 0`,
    '  scan:',
    "    if: github.event_name == 'push'",
    '    runs-on: ubuntu-latest',
    '    steps:',
    ...prelude(false),
    '      # exit 1 on findings must not stop the upload: the upload step runs always()',
    `      - run: ${run} supabase-scale audit --format sarif -o supabase-scale.sarif`,
    '      - uses: github/codeql-action/upload-sarif@v3',
    '        if: always()',
    '        with:',
    '          sarif_file: supabase-scale.sarif',
    '          category: supabase-scale',
    '',
  ].join('\n');
}

/** The command that installs what the project lacks. */
function installLine(facts: ProjectFacts): string | null {
  if (facts.missing.length === 0) return null;
  const add = facts.packageManager === 'npm' ? 'npm install --save-dev' : `${facts.packageManager} add -D`;
  const names = facts.missing.map((name) =>
    name === 'eslint-plugin-supabase-scale' ? '<the plugin: a packed .tgz or a git URL, see the README>' : name,
  );
  return `${add} ${names.join(' ')}`;
}

export function runInitCommand(options: InitOptions, io: Io): number {
  const root = io.cwd;
  const facts = projectFacts(root);
  const existing = ESLINT_CONFIGS.find((name) => existsSync(path.join(root, name)));
  const files: { file: string; text: string; why: string }[] = [];
  const lines: string[] = [];
  const config = eslintConfig(facts);
  if (existing) {
    lines.push(`  ${existing} exists: not changed. Add the plugin's config to it:`, '', config, '');
  } else {
    files.push({
      file: 'eslint.config.js',
      text: config,
      why: facts.esm ? 'an ES module, as package.json says "type": "module"' : 'CommonJS, as the package is',
    });
  }
  if (options.ci !== false) {
    if (existsSync(path.join(root, WORKFLOW_FILE))) lines.push(`  ${WORKFLOW_FILE} exists: not changed`);
    else
      files.push({
        file: WORKFLOW_FILE,
        text: workflow(facts.packageManager),
        why: `${facts.packageManager}, GitHub Actions`,
      });
  }
  const out: string[] = [`supabase-scale init${options.dryRun ? ' (dry run: nothing written)' : ''}`];
  for (const { file, text, why } of files) {
    if (options.dryRun) out.push(`  would write ${file} (${why}):`, '', text);
    else {
      try {
        writeFileAtomic(path.join(root, file), text);
      } catch (error) {
        throw new UsageError(
          `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
      out.push(`  wrote ${file} (${why})`);
    }
  }
  out.push(...lines);
  const install = installLine(facts);
  if (install) out.push(`  then install what it uses: ${install}`);
  out.push('  then: npx eslint .   (and npx supabase-scale audit, with no configuration)');
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

// The public apps the bench measures beside its generated corpus: real code,
// real migrations. The bench never fetches them (it must run offline): each is
// looked for in a folder on disk (--apps, or SUPABASE_SCALE_BENCH_APPS, or
// /tmp/supabase-scale-bench-apps), as a git clone at the commit below, and a
// missing one is reported as skipped with the command that puts it there.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * @typedef {'migrations' | 'large'} AppRole
 * `migrations`: an app with its own supabase/migrations (the schema's cost, the
 * editor, the oxlint engine); `large`: a large app with few Supabase files and
 * no migrations (the audit against ESLint's parse-only time).
 * @typedef {{ name: string; repository: string; commit: string; role: AppRole; what: string }} App
 * @typedef {App & { dir: string; found: true } | App & { dir: string; found: false; reason: string }} LocatedApp
 */

/** @type {App[]} */
export const APPS = [
  {
    name: 'suportegraos',
    repository: 'DenielsonSLima/SuporteGraos',
    commit: 'c785274d0c27842fb0768ac5857a84357876329a',
    role: 'migrations',
    what: 'a Vite + React ERP: 779 source files, 164 migrations (1.2 MB of SQL)',
  },
  {
    name: 'capgo',
    repository: 'Cap-go/capgo',
    commit: '4bc7d83f85152e3cdb896afcc4e4420c0819882c',
    role: 'migrations',
    what: 'a Vue app with Supabase Edge Functions: 1,303 source files, 10 migrations (1.4 MB of SQL)',
  },
  {
    name: 'gonasi',
    repository: 'gonasi/gonasi',
    commit: '68572157902ddbc03a4cee6310b550cf81361c21',
    role: 'migrations',
    what: 'a React Router monorepo: 1,071 source files, 19 migrations',
  },
  {
    name: 'midday',
    repository: 'midday-ai/midday',
    commit: '47d252aab7e3ab28a0027376cfdd6ee83d2e5ccf',
    role: 'large',
    what: 'a Next.js monorepo: 2,037 source files, no migrations, few Supabase reads',
  },
];

export const DEFAULT_APPS_DIR = '/tmp/supabase-scale-bench-apps';

/** The command that puts an app where the bench looks for it. @param {App} app @param {string} dir */
const howToGet = (app, dir) =>
  `git clone https://github.com/${app.repository} ${dir} && git -C ${dir} checkout ${app.commit.slice(0, 12)}`;

/**
 * Each app, found at `<folder>/<name>` at its commit, or the reason it was not.
 *
 * @param {string} folder
 * @returns {LocatedApp[]}
 */
export function locateApps(folder) {
  return APPS.map((app) => {
    const dir = path.join(folder, app.name);
    if (!existsSync(dir)) return { ...app, dir, found: false, reason: `no app at ${dir} (${howToGet(app, dir)})` };
    const head = spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
    const commit = head.status === 0 ? head.stdout.trim() : null;
    if (commit !== app.commit)
      return {
        ...app,
        dir,
        found: false,
        reason: `${dir} is at ${commit ?? 'no git commit'}, not ${app.commit.slice(0, 12)} (${howToGet(app, dir)})`,
      };
    // the real path: ESLint ignores a file outside its working folder, and the walk gives real paths
    return { ...app, dir: realpathSync(dir), found: true };
  });
}

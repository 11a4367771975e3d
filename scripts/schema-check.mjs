// Runs the schema loader over a migrations folder (or a project folder with
// supabase/migrations) and applies the same statements to PGlite, then prints the
// agreement table, the statements the parser skipped, those PostgreSQL rejected,
// and every disagreement. Needs `npm run build`.
// Usage: node scripts/schema-check.mjs <folder> [--json]
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { loadDist } from './dist.mjs';
import { applyStatements, compareSchemas, createSupabaseDatabase, readCatalog } from './schema-crosscheck.mjs';

/** @type {typeof import('../src/schema/index.js')} */
const { loadSchema, loadSqlParser, parseSqlFiles } = await loadDist('schema/index.js');

const folder = process.argv[2];
if (!folder) {
  console.error('usage: node scripts/schema-check.mjs <migrations folder or project folder> [--json]');
  process.exit(2);
}
const schema = await loadSchema({ schema: folder, cwd: process.cwd(), recheckMs: 0 });
if (!schema) {
  console.error(`no schema at ${folder}`);
  process.exit(2);
}
const { origin } = schema;
const files = origin.files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
const parsed = parseSqlFiles(await loadSqlParser(), files);

const database = await createSupabaseDatabase();
const rejected = await applyStatements(database.db, parsed);
const catalog = await readCatalog(database.db, database.baseline);
await database.close();
const { rows, disagreements } = compareSchemas(schema, catalog);
const short = (/** @type {string} */ file) => path.basename(file);

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ origin, rows, disagreements, rejected }, null, 2));
} else {
  console.log(folder);
  console.log(
    `files ${origin.files.length}, statements ${origin.statements} (applied ${origin.applied}, ignored ${origin.ignored}), ` +
      `skipped by the parser ${origin.skipped.length}, unresolved ${origin.unresolved.length}, ` +
      `psql meta-commands ${origin.psqlMetaCommands}, unreadable ${origin.unreadable.length}, ` +
      `not migrations ${origin.notMigrations.length}, load ${origin.loadMs} ms`,
  );
  console.log(
    `relations: loader ${schema.relations.size}, PostgreSQL ${catalog.size}; rejected by PostgreSQL ${rejected.length}`,
  );
  console.log('');
  console.log('relation'.padEnd(48), 'kind'.padEnd(18), 'columns'.padEnd(8), 'keys'.padEnd(5), 'agrees');
  for (const row of rows) {
    console.log(
      row.relation.padEnd(48),
      String(row.kind).padEnd(18),
      String(row.columns).padEnd(8),
      String(row.keys).padEnd(5),
      row.agrees ? 'yes' : 'NO',
    );
  }
  const agreeing = rows.filter((r) => r.agrees).length;
  console.log(`\nagree on ${agreeing} of ${rows.length} relations`);
  if (disagreements.length > 0) console.log('\ndisagreements:');
  // A disagreement that follows a statement PostgreSQL rejected (one naming the relation) is marked.
  const explained = (/** @type {string} */ relation) => {
    const name = /** @type {string} */ (relation.split('.').pop()); // split gives one part at least
    return rejected.find((r) => r.fullSql.includes(name));
  };
  for (const d of disagreements) {
    const why = explained(d.relation);
    const because = why ? `  [PostgreSQL rejected ${short(why.file)}:${why.line}: ${why.message}]` : '';
    console.log(`  ${d.relation}: ${d.problem}${because}`);
  }
  const unexplained = disagreements.filter((d) => !explained(d.relation));
  console.log(
    `\n${disagreements.length} disagreements on ${new Set(disagreements.map((d) => d.relation)).size} relations; ` +
      `${unexplained.length} not after a statement PostgreSQL rejected`,
  );
  if (origin.skipped.length > 0) console.log('\nskipped (the parser rejected them):');
  for (const s of origin.skipped) console.log(`  ${short(s.file)}:${s.line} ${s.message} | ${s.sql.slice(0, 100)}`);
  if (origin.unresolved.length > 0) console.log('\nunresolved (named something the model does not have):');
  for (const u of origin.unresolved) console.log(`  ${short(u.file)}:${u.line} ${u.message}`);
  if (rejected.length > 0) console.log('\nrejected by PostgreSQL (PGlite):');
  for (const r of rejected)
    console.log(`  ${short(r.file)}:${r.line} ${r.message} | ${r.sql.replace(/\s+/g, ' ').slice(0, 100)}`);
}

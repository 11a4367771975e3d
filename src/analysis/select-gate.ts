/**
 * A text test, run before a file is parsed, for whether it may hold a
 * `.select(...)` that starts a PostgREST read (queryRoot in postgrest.ts).
 *
 * Such a select is a method call whose receiver is a call or a type wrapper
 * (`X.from(t).select`, `(q as Q).select`, `q!.select`) or a variable declared
 * with an initializer (`const base = supabase.from(t); base.select`: the
 * only alias constantInit follows). It is never a property path
 * (`this.db.select`, `knex.client.select`), a parameter or an import
 * (`db.select()` in a function taking `db`: drizzle's and knex's own
 * `select`). The test looks at the text just before each `select`: a file
 * whose every `select` is part of a longer word, a property path, or a name
 * no declaration in the file initializes is not parsed for a read.
 *
 * It must never skip a file that holds a read (the rules would miss it):
 * where the text is unclear (a comment in the way, a character it does not
 * model) it answers "may hold". Not modelled, as by every text gate: names
 * written with escapes (`q.sel\u0065ct`, `q['sel\x65ct']`) and comments
 * inside a declaration's head (`const /* c *\/ q = ...`). The fuzzer checks
 * it against queryRoot on every generated program.
 */

const SELECT = 'select';

function isIdentifierChar(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    char === '_' ||
    char === '$' ||
    code > 127 // any other letter: treated as part of a name
  );
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f' || char === '\v';
}

/**
 * The index of the last non-space character at or before `from`, or -1; null
 * when the way back crosses a line break onto a line with `//` before that
 * character (the character may be inside a comment, so nothing is known).
 */
function previousCharacter(text: string, from: number): number | null {
  let index = from;
  let crossedLine = false;
  while (index >= 0 && isSpace(text[index])) {
    if (text[index] === '\n') crossedLine = true;
    index -= 1;
  }
  if (crossedLine && index >= 0) {
    const lineStart = text.lastIndexOf('\n', index) + 1;
    if (text.slice(lineStart, index + 1).includes('//')) return null;
  }
  return index;
}

/**
 * Whether `name` may be declared as a variable with an initializer (the only
 * alias constantInit follows): `const name = `, `let name: Type = ` (a
 * function type's `=>` included), or `, name = ` in a list of declarators.
 * `==` and `=>` do not count as the initializer's `=`.
 */
function mayBeDeclared(text: string, name: string): boolean {
  const n = name.replace(/\$/g, '\\$');
  return new RegExp(
    `(?:(?<![\\w$])(?:const|let|var|using)\\s+${n}\\s*(?::(?:[^;=]|=>)*)?|,\\s*${n}\\s*(?::[^;=(){}]*)?)=(?![=>])`,
  ).test(text);
}

/** Whether the `select` at `at` may be the method of a call that starts a read. */
function mayStartRead(text: string, at: number, assigned: Map<string, boolean>): boolean {
  const end = at + SELECT.length;
  // a longer word: selected, onselect, selectAll
  if (isIdentifierChar(text[end]) || isIdentifierChar(text[at - 1])) return false;
  let index = previousCharacter(text, at - 1);
  if (index === null) return true;
  const before = text[index];
  if (before === '.') {
    // `.select` or `?.select`
    index -= 1;
    if (text[index] === '?') index -= 1;
  } else if (before === "'" || before === '"' || before === '`') {
    // `['select']` or `?.['select']`
    if (text[end] !== before) return false;
    const bracket = previousCharacter(text, index - 1);
    if (bracket === null) return true;
    if (text[bracket] !== '[') return false;
    index = bracket - 1;
    if (text[index] === '.' && text[index - 1] === '?') index -= 2;
  } else if (before === '/') {
    // the end of a comment between the receiver and the name
    return true;
  } else {
    return false;
  }
  const receiverEnd = previousCharacter(text, index);
  if (receiverEnd === null) return true;
  if (receiverEnd < 0) return false;
  if (!isIdentifierChar(text[receiverEnd])) return true; // `)`, `]`, `!`, `>`, a quote, a comment's end: unsure
  let start = receiverEnd;
  while (start > 0 && isIdentifierChar(text[start - 1])) start -= 1;
  const name = text.slice(start, receiverEnd + 1);
  if (/^[0-9]/.test(name) || name.length === 0) return true;
  const preceding = previousCharacter(text, start - 1);
  if (preceding === null) return true;
  const char = preceding >= 0 ? text[preceding] : undefined;
  if (char === '#') return false; // `this.#q.select`: a private name is always a property
  if (char === '.') {
    // `a.b.select`: a property path is never a read's root; `...b.select` (a spread) is a name
    const spread = text[preceding - 1] === '.' && text[preceding - 2] === '.';
    if (!spread) return false;
  }
  let answer = assigned.get(name);
  if (answer === undefined) {
    answer = mayBeDeclared(text, name);
    assigned.set(name, answer);
  }
  return answer;
}

/** Whether the text may hold a `select` call that starts a PostgREST read. */
export function mayHoldSelectRead(text: string): boolean {
  const assigned = new Map<string, boolean>();
  for (let at = text.indexOf(SELECT); at !== -1; at = text.indexOf(SELECT, at + SELECT.length)) {
    if (mayStartRead(text, at, assigned)) return true;
  }
  return false;
}

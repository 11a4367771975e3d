/**
 * A text test, run before a file is parsed, for whether it may hold a
 * `.select(...)` that starts a PostgREST read (queryRoot in postgrest/query-root.ts).
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
 * model, a file with very many candidate names) it answers "may hold". Not
 * modelled, as by every text gate: names written with escapes
 * (`q.sel\u0065ct`, `q['sel\x65ct']`) and a comment between a declaration
 * keyword and the name (`const /* c *\/ q = ...`). The fuzzer checks it
 * against queryRoot on every generated program.
 */

const SELECT = 'select';

/** Any JavaScript white space or line terminator (NBSP, U+2028, BOM, ... included). */
const SPACE = /\s/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

function isSpace(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  // ASCII, answered without the regular expression: tab, line feed, vertical tab, form feed, carriage return, space
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return SPACE.test(char);
}

function isIdentifierChar(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    char === '_' ||
    char === '$' ||
    (code > 127 && !SPACE.test(char)) // any other letter: treated as part of a name
  );
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

/**
 * The index of the last non-space character at or before `from`, or -1; a
 * line that is a comment alone (`//` first on it) is passed over as space;
 * null when the way back crosses a line break onto a line with `//` after
 * some code, before that character (the character may be inside a comment,
 * or the `//` inside a string: nothing is known).
 */
function previousCharacter(text: string, from: number): number | null {
  let index = from;
  for (;;) {
    let crossedLine = false;
    while (index >= 0 && isSpace(text[index])) {
      if (LINE_BREAK.test(text[index]!)) crossedLine = true;
      index -= 1;
    }
    if (!crossedLine || index < 0) return index;
    let lineStart = index;
    while (lineStart > 0 && !LINE_BREAK.test(text[lineStart - 1]!)) lineStart -= 1;
    const line = text.slice(lineStart, index + 1);
    const comment = line.indexOf('//');
    if (comment < 0) return index;
    if (line.slice(0, comment).trim() !== '') return null;
    // a comment line: what precedes it is what precedes the name
    index = lineStart - 1;
  }
}

/** Where the name that ends at `end` starts. */
function wordStart(text: string, end: number): number {
  let start = end;
  while (start > 0 && isIdentifierChar(text[start - 1])) start -= 1;
  return start;
}

/** The index of the first non-space character at or after `from` (text.length at the end). */
function nextCharacter(text: string, from: number): number {
  let index = from;
  while (index < text.length && isSpace(text[index])) index += 1;
  return index;
}

/** Distinct receiver names looked up before the test gives up and says "may hold" (bounds the cost on huge files). */
const MAX_NAMES = 32;

const DECLARATION_KEYWORDS: ReadonlySet<string> = new Set(['const', 'let', 'var', 'using']);

/**
 * Whether `name` may be declared as a variable with an initializer (the only
 * alias constantInit follows): written after `const`, `let`, `var` or
 * `using`, or after a comma (a later declarator of a list), and followed by
 * `=` or a type. A comment next to it, or anything the scan
 * does not model, counts as "may be". Parameters after the first of a list
 * (`(id: string, trx: Knex)`) count too: the test stays on the safe side.
 */
function mayBeDeclared(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + name.length)) {
    if (isIdentifierChar(text[at - 1]) || isIdentifierChar(text[at + name.length])) continue;
    const before = previousCharacter(text, at - 1);
    if (before === null) return true;
    if (before < 0) continue;
    const char = text[before]!;
    if (char === '/' && text[before - 1] === '*') return true; // a comment's end
    let declarator = char === ',';
    if (!declarator && isIdentifierChar(char))
      declarator = DECLARATION_KEYWORDS.has(text.slice(wordStart(text, before), before + 1));
    if (declarator && mayBeInitialized(text, at + name.length)) return true;
  }
  return false;
}

/**
 * What an initializer that can never be a request starts with: `new` (`new
 * Map()`, `new Set(prev)`: the `.delete` and `.update` of collections), an
 * array or object literal, a string, a template, a number. queryRoot follows
 * an alias only to a call.
 */
const NO_REQUEST_INIT = /^(?:new\b|[[{'"`0-9])/;

/**
 * Whether what follows a declared name may lead to an initializer that may
 * hold a request: `=` (not `==`, `=>`) before anything but NO_REQUEST_INIT, a
 * type (`:`, `!:`), a comment.
 */
function mayBeInitialized(text: string, from: number): boolean {
  const index = nextCharacter(text, from);
  const char = text[index];
  if (char === ':' || char === '!') return true;
  if (char === '/' && (text[index + 1] === '*' || text[index + 1] === '/')) return true; // a comment
  if (char !== '=' || text[index + 1] === '=' || text[index + 1] === '>') return false;
  return !NO_REQUEST_INIT.test(text.slice(nextCharacter(text, index + 1), index + 64));
}

/**
 * Punctuators after which a `[` opens an array literal, never a member access
 * (`new Set(['select'])`, `x = ['select']`, `{ ids: ['select'] }`, `a ?
 * ['select'] : b`): a member's `[` follows a name, `)`, `]`, `!`, `?.` or a
 * quote. (`>` is unsure: `=>` opens an array, a type argument's `>` does not
 * end an expression a request may be; `/` may end a comment.)
 */
const BEFORE_ARRAY = new Set(['(', ',', '=', '[', '{', ':', ';', '&', '|', '+', '-', '*', '%', '<', '^', '~']);

/** Whether the `[` at `bracket` opens an array literal: what precedes it is one of BEFORE_ARRAY, a lone `?`, `=>`, or nothing. */
function opensArray(text: string, bracket: number): boolean {
  const before = previousCharacter(text, bracket - 1);
  if (before === null) return false;
  if (before < 0) return true;
  const char = text[before]!;
  if (BEFORE_ARRAY.has(char)) return true;
  if (char === '?') return true; // `?.[` was taken before this is asked
  return char === '>' && text[before - 1] === '=';
}

/** Whether the method `name` (a `select`, a write) at `at` may be called on a request's root (`X.from(t)`, or a variable that may hold it). */
function mayStartRead(text: string, at: number, assigned: Map<string, boolean>, name = SELECT): boolean {
  const end = at + name.length;
  // a longer word: selected, onselect, selectAll
  if (isIdentifierChar(text[end]) || isIdentifierChar(text[at - 1])) return false;
  let index = previousCharacter(text, at - 1);
  if (index === null) return true;
  const before = text[index];
  if (before === '.') {
    // `...select`: a spread of a variable of the name, not a member
    if (text[index - 1] === '.' && text[index - 2] === '.') return false;
    // `.select` or `?.select`
    index -= 1;
    if (text[index] === '?') index -= 1;
  } else if (before === "'" || before === '"' || before === '`') {
    // `['select']`, `?.['select']`, `[('select')]`
    if (text[end] !== before) return false;
    let bracket = previousCharacter(text, index - 1);
    while (bracket !== null && bracket >= 0 && text[bracket] === '(') bracket = previousCharacter(text, bracket - 1);
    if (bracket === null || (text[bracket] === '/' && text[bracket - 1] === '*')) return true; // a comment in the way
    if (bracket < 0 || text[bracket] !== '[') return false;
    if (opensArray(text, bracket)) return false;
    index = bracket - 1;
    if (text[index] === '.' && text[index - 1] === '?') index -= 2;
  } else if (before === '/' && text[index - 1] === '*') {
    // the end of a comment between the receiver and the name
    return true;
  } else {
    return false;
  }
  const receiverEnd = previousCharacter(text, index);
  if (receiverEnd === null) return true;
  if (receiverEnd < 0) return false;
  if (!isIdentifierChar(text[receiverEnd])) return true; // `)`, `]`, `!`, `>`, a quote, a comment's end: unsure
  const start = wordStart(text, receiverEnd);
  const receiver = text.slice(start, receiverEnd + 1);
  if (isDigit(receiver[0]) || receiver.length === 0) return true;
  const preceding = previousCharacter(text, start - 1);
  if (preceding === null) return true;
  const char = preceding >= 0 ? text[preceding] : undefined;
  if (char === '#') return false; // `this.#q.select`: a private name is always a property
  if (char === '.') {
    // `a.b.select`: a property path is never a read's root. Not so: `...b.select`
    // (a spread) and `1.\nb.select` (a number, then a new statement)
    const spread = text[preceding - 1] === '.' && text[preceding - 2] === '.';
    if (!spread && !isDigit(text[preceding - 1])) return false;
  }
  let answer = assigned.get(receiver);
  if (answer === undefined) {
    if (assigned.size >= MAX_NAMES) return true;
    answer = mayBeDeclared(text, receiver);
    assigned.set(receiver, answer);
  }
  return answer;
}

/** The last text asked about and the answer: three rules (and the audit's gates) ask in turn about one file. */
let last: { text: string; answer: boolean } | null = null;

/** Whether the text may hold a `select` call that starts a PostgREST read. */
export function mayHoldSelectRead(text: string): boolean {
  if (last?.text === text) return last.answer;
  const assigned = new Map<string, boolean>();
  let answer = false;
  for (let at = text.indexOf(SELECT); at !== -1 && !answer; at = text.indexOf(SELECT, at + SELECT.length)) {
    answer = mayStartRead(text, at, assigned);
  }
  last = { text, answer };
  return answer;
}

/**
 * Whether the text may hold a call of the method `name` (`insert`, `update`,
 * ...) on a PostgREST request's root, by the test a `select` gets: written as
 * a method (`.name(`, `?.name`, `['name']`) of a call, a cast, or a variable
 * a declaration may initialize; never of a property path, a parameter or an
 * import (`db.insert(t)` in drizzle, `tx.update(t)`).
 */
export function mayHoldMethodCall(text: string, name: string): boolean {
  const assigned = new Map<string, boolean>();
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + name.length)) {
    if (mayStartRead(text, at, assigned, name)) return true;
  }
  return false;
}

/**
 * Why a codemod leaves a site, as data. Each codemod keeps a table of ids
 * and message templates (as an ESLint rule's `meta.messages`), its steps
 * return a reason (an id and the values of its `{{placeholders}}`), and
 * `reasonText` renders it: rewording a reason touches only its table.
 */

/** A site the codemod did not rewrite, and why: `offset` into the text the codemod was given. */
export interface LeftSite {
  offset: number;
  reason: string;
}

export type ReasonTable = Readonly<Record<string, string>>;

/** The names of the `{{placeholders}}` of a template. */
type Placeholders<Template extends string> = Template extends `${string}{{${infer Name}}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/** A reason of `Table`: its id and, when the template has placeholders, a value for each of them. */
export type Reason<Table extends ReasonTable> = {
  [Id in keyof Table & string]: [Placeholders<Table[Id]>] extends [never]
    ? { id: Id; data?: undefined }
    : { id: Id; data: Readonly<Record<Placeholders<Table[Id]>, string | number>> };
}[keyof Table & string];

/** The template of `reason.id` with its placeholders filled (one left as written when it has no value). */
export function reasonText<Table extends ReasonTable>(table: Table, reason: Reason<Table>): string {
  const data: Readonly<Record<string, string | number>> = reason.data ?? {};
  return table[reason.id]!.replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) =>
    Object.hasOwn(data, name) ? String(data[name]) : placeholder,
  );
}

/** The left site at `offset`, with its reason rendered from `table`. */
export function leftSite<Table extends ReasonTable>(table: Table, offset: number, reason: Reason<Table>): LeftSite {
  return { offset, reason: reasonText(table, reason) };
}

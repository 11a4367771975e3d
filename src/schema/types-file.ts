/**
 * Relations from a generated `Database` type (`supabase gen types typescript`):
 * `Database[schema]['Tables' | 'Views'][name]['Row']` gives the columns (a column is
 * NOT NULL unless its type is a union with `null`), `Relationships` the foreign keys
 * with `isOneToOne` (true when the referencing columns are unique). Read with
 * TypeScript's syntax tree only: no type checker, no imports followed.
 */
import { createRequire } from 'node:module';
import type { ts } from 'ts-morph';
import type { Column, Relation, Relationship } from './model.js';

// ts-morph (and the TypeScript it bundles) takes about a second to load: loaded on
// the first types file only, with require() so that a synchronous caller can too.
let api: typeof ts | undefined;
function tsApi(): typeof ts {
  api ??= (createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph')).ts;
  return api;
}

function nameOf(name: ts.PropertyName): string | undefined {
  if (tsApi().isIdentifier(name) || tsApi().isStringLiteral(name) || tsApi().isNumericLiteral(name)) return name.text;
  return undefined;
}

/** The members of a type literal, by name. */
function members(node: ts.TypeNode | undefined): Map<string, ts.TypeNode> {
  const found = new Map<string, ts.TypeNode>();
  if (!node || !tsApi().isTypeLiteralNode(node)) return found;
  for (const member of node.members) {
    const name = tsApi().isPropertySignature(member) ? nameOf(member.name) : undefined;
    if (name !== undefined && tsApi().isPropertySignature(member) && member.type) found.set(name, member.type);
  }
  return found;
}

function isNull(node: ts.TypeNode): boolean {
  return tsApi().isLiteralTypeNode(node) && node.literal.kind === tsApi().SyntaxKind.NullKeyword;
}

function nullable(node: ts.TypeNode): boolean {
  if (isNull(node)) return true;
  if (tsApi().isParenthesizedTypeNode(node)) return nullable(node.type);
  return tsApi().isUnionTypeNode(node) && node.types.some(nullable);
}

function literal(node: ts.TypeNode | undefined): string | boolean | undefined {
  if (!node || !tsApi().isLiteralTypeNode(node)) return undefined;
  if (tsApi().isStringLiteral(node.literal)) return node.literal.text;
  if (node.literal.kind === tsApi().SyntaxKind.TrueKeyword) return true;
  if (node.literal.kind === tsApi().SyntaxKind.FalseKeyword) return false;
  return undefined;
}

function stringTuple(node: ts.TypeNode | undefined): string[] {
  if (!node || !tsApi().isTupleTypeNode(node)) return [];
  return node.elements.map((e) => literal(e)).filter((v): v is string => typeof v === 'string');
}

function relationships(node: ts.TypeNode | undefined): Relationship[] {
  if (!node || !tsApi().isTupleTypeNode(node)) return [];
  return node.elements.flatMap((element) => {
    const fields = members(element);
    const referencedRelation = literal(fields.get('referencedRelation'));
    if (typeof referencedRelation !== 'string') return [];
    const schema = literal(fields.get('referencedSchema'));
    return [
      {
        foreignKeyName: String(literal(fields.get('foreignKeyName')) ?? ''),
        columns: stringTuple(fields.get('columns')),
        ...(typeof schema === 'string' ? { referencedSchema: schema } : {}),
        referencedRelation,
        referencedColumns: stringTuple(fields.get('referencedColumns')),
        isOneToOne: literal(fields.get('isOneToOne')) === true,
      },
    ];
  });
}

function columns(row: ts.TypeNode | undefined, source: ts.SourceFile): Column[] | null {
  if (!row || !tsApi().isTypeLiteralNode(row)) return null;
  return [...members(row)].map(([name, type]) => ({
    name,
    type: null,
    tsType: type.getText(source),
    notNull: !nullable(type),
    hasDefault: false,
  }));
}

/** The `Database` type's body: `type Database = {...}` or `interface Database {...}`. */
function databaseType(source: ts.SourceFile): ts.TypeNode | undefined {
  for (const statement of source.statements) {
    if (tsApi().isTypeAliasDeclaration(statement) && statement.name.text === 'Database') return statement.type;
    if (tsApi().isInterfaceDeclaration(statement) && statement.name.text === 'Database') {
      return tsApi().factory.createTypeLiteralNode(statement.members);
    }
  }
  return undefined;
}

/** The relations a generated types file describes; empty when it has no `Database` type. */
export function readTypesFile(fileName: string, text: string): Relation[] {
  const source = tsApi().createSourceFile(fileName, text, tsApi().ScriptTarget.Latest, true, tsApi().ScriptKind.TS);
  const relations: Relation[] = [];
  for (const [schema, body] of members(databaseType(source))) {
    const parts = members(body);
    for (const [group, kind] of [
      ['Tables', 'table'],
      ['Views', 'view'],
    ] as const) {
      for (const [name, table] of members(parts.get(group))) {
        const fields = members(table);
        relations.push({
          schema,
          name,
          kind,
          columns: columns(fields.get('Row'), source),
          keys: [],
          relationships: relationships(fields.get('Relationships')),
          sources: ['types'],
        });
      }
    }
  }
  return relations;
}

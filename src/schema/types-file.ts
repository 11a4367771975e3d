/**
 * Relations from a generated `Database` type (`supabase gen types typescript`):
 * `Database[schema]['Tables' | 'Views'][name]['Row']` gives the columns (a column is
 * NOT NULL unless its type is a union with `null`), `Relationships` the foreign keys
 * with `isOneToOne` (true when the referencing columns are unique). Read with
 * TypeScript's syntax tree only: no type checker, no imports followed.
 */
import { ts } from 'ts-morph';
import type { Column, Relation, Relationship } from './model.js';

function nameOf(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** The members of a type literal, by name. */
function members(node: ts.TypeNode | undefined): Map<string, ts.TypeNode> {
  const found = new Map<string, ts.TypeNode>();
  if (!node || !ts.isTypeLiteralNode(node)) return found;
  for (const member of node.members) {
    const name = ts.isPropertySignature(member) ? nameOf(member.name) : undefined;
    if (name !== undefined && ts.isPropertySignature(member) && member.type) found.set(name, member.type);
  }
  return found;
}

function isNull(node: ts.TypeNode): boolean {
  return ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword;
}

function nullable(node: ts.TypeNode): boolean {
  if (isNull(node)) return true;
  if (ts.isParenthesizedTypeNode(node)) return nullable(node.type);
  return ts.isUnionTypeNode(node) && node.types.some(nullable);
}

function literal(node: ts.TypeNode | undefined): string | boolean | undefined {
  if (!node || !ts.isLiteralTypeNode(node)) return undefined;
  if (ts.isStringLiteral(node.literal)) return node.literal.text;
  if (node.literal.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.literal.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

function stringTuple(node: ts.TypeNode | undefined): string[] {
  if (!node || !ts.isTupleTypeNode(node)) return [];
  return node.elements.map((e) => literal(e as ts.TypeNode)).filter((v): v is string => typeof v === 'string');
}

function relationships(node: ts.TypeNode | undefined): Relationship[] {
  if (!node || !ts.isTupleTypeNode(node)) return [];
  return node.elements.flatMap((element) => {
    const fields = members(element as ts.TypeNode);
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
  if (!row || !ts.isTypeLiteralNode(row)) return null;
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
    if (ts.isTypeAliasDeclaration(statement) && statement.name.text === 'Database') return statement.type;
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === 'Database') {
      return ts.factory.createTypeLiteralNode(statement.members);
    }
  }
  return undefined;
}

/** The relations a generated types file describes; empty when it has no `Database` type. */
export function readTypesFile(fileName: string, text: string): Relation[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
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

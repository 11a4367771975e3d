// Generated types read with the syntax tree only.
import { describe, expect, it } from 'vitest';
import { readTypesFile } from '../../src/schema/index.js';

describe('readTypesFile', () => {
  it('reads `interface Database`, quoted names, parenthesized unions and relationships', () => {
    const relations = readTypesFile(
      'db.ts',
      `export interface Database {
        "my-schema": {
          Tables: {
            "Line Items": {
              Row: { id: number; "Note": (string | null); tags: string[] | null; kind: "a" | "b" };
              Relationships: [
                { foreignKeyName: "fk"; columns: ["id"]; isOneToOne: true; referencedRelation: "orders"; referencedColumns: ["id"]; referencedSchema: "public" }
              ];
            };
          };
          Views: { [_ in never]: never };
        };
      }`,
    );
    expect(relations).toEqual([
      {
        schema: 'my-schema',
        name: 'Line Items',
        kind: 'table',
        columns: [
          { name: 'id', type: null, tsType: 'number', notNull: true, hasDefault: false },
          { name: 'Note', type: null, tsType: '(string | null)', notNull: false, hasDefault: false },
          { name: 'tags', type: null, tsType: 'string[] | null', notNull: false, hasDefault: false },
          { name: 'kind', type: null, tsType: '"a" | "b"', notNull: true, hasDefault: false },
        ],
        keys: [],
        relationships: [
          {
            foreignKeyName: 'fk',
            columns: ['id'],
            referencedSchema: 'public',
            referencedRelation: 'orders',
            referencedColumns: ['id'],
            isOneToOne: true,
          },
        ],
        sources: ['types'],
      },
    ]);
  });

  it('gives nothing for a file without a Database type, or one that is not TypeScript', () => {
    expect(readTypesFile('x.ts', 'export type Other = { a: 1 };')).toEqual([]);
    expect(readTypesFile('x.ts', '}}} not typescript {{{')).toEqual([]);
  });
});

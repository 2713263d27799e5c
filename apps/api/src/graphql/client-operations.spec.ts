import {
  buildSchema,
  getNamedType,
  GraphQLObjectType,
  isObjectType,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_FILE } from './api-schema';

/** The app's operations, for client codegen from the repository alone (graphql_codegen, ferry). */
const OPERATIONS_FILE = join(SCHEMA_FILE, '..', '..', '..', 'clients', 'operations.graphql');

describe('clients/operations.graphql', () => {
  const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
  const document = parse(readFileSync(OPERATIONS_FILE, 'utf8'));

  it('is valid against the committed SDL (graphql-js validate: every rule a code generator relies on)', () => {
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  });

  it('uses every query and mutation, and selects every field of every object type they return', () => {
    const used = new Map<string, Set<string>>();
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field() {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          if (parent && field) used.set(parent.name, (used.get(parent.name) ?? new Set()).add(field.name));
        },
      }),
    );
    // Every object type reachable from Query and Mutation, and the fields of each left unselected.
    const missing: string[] = [];
    const seen = new Set<string>();
    const walk = (type: GraphQLObjectType) => {
      if (seen.has(type.name)) return;
      seen.add(type.name);
      for (const field of Object.values(type.getFields())) {
        if (!used.get(type.name)?.has(field.name)) missing.push(`${type.name}.${field.name}`);
        const named = getNamedType(field.type);
        if (isObjectType(named)) walk(named);
      }
    };
    walk(schema.getQueryType()!);
    walk(schema.getMutationType()!);
    expect(missing).toEqual([]);
  });
});

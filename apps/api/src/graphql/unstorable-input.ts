import { hasNul } from '@app/health-data';
import { ArgumentNode, DocumentNode, Kind, visit } from 'graphql';

/**
 * PostgreSQL cannot take U+0000 in a text parameter; a read query given one would fail inside its
 * statement and answer 500. Found here, before execution, it is the client's error and names the
 * variable or argument. Mutations check their own input (data items with U+0000 are rejected one by
 * one, not the whole chunk), so this guards queries only.
 */
export function nulInQuery(document: DocumentNode, variables: Record<string, unknown> | undefined): string | null {
  for (const [name, value] of Object.entries(variables ?? {})) {
    const path = firstNul(value, name);
    if (path) return path;
  }
  let found: string | null = null;
  visit(document, {
    Argument(node: ArgumentNode) {
      if (found) return;
      visit(node.value, {
        StringValue(str) {
          if (!found && hasNul(str.value)) found = node.name.value;
        },
      });
    },
    [Kind.VARIABLE_DEFINITION]: {
      enter(def) {
        if (found) return;
        visit(def.defaultValue ?? { kind: Kind.NULL }, {
          StringValue(str) {
            if (!found && hasNul(str.value)) found = def.variable.name.value;
          },
        });
      },
    },
  });
  return found;
}

function firstNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return hasNul(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const found = firstNul(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

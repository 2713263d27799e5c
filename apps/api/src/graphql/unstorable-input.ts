import { hasNul } from '@app/health-data';
import { ArgumentNode, DocumentNode, Kind, OperationDefinitionNode, visit } from 'graphql';
import { badInput } from './errors';
import type { OperationPlugin } from './query-cost.plugin';

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

/** Refuses a query holding U+0000 before it runs: BAD_USER_INPUT naming the variable or argument, HTTP 400. */
export function unstorableInputPlugin(): OperationPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          if ((operation as OperationDefinitionNode | undefined)?.operation !== 'query') return;
          const field = nulInQuery(document, request.variables);
          if (!field) return;
          const error = badInput(field, 'must not contain the NUL character (U+0000)');
          // Thrown from a plugin hook, Apollo would answer 500 unless told the request is at fault.
          (error.extensions as Record<string, unknown>).http = { status: 400 };
          throw error;
        },
      };
    },
  };
}

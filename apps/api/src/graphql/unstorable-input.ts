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

/** Deeper than any argument of the schema nests; a variable past it is refused rather than walked. */
export const MAX_VARIABLE_DEPTH = 32;

/**
 * Path of the first string holding U+0000 below `value`, walked with an explicit stack: a variable
 * nested thousands of levels deep must not overflow the call stack (that answered 500).
 */
function firstNul(root: unknown, rootPath: string): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: rootPath, depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (hasNul(value)) return path;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_VARIABLE_DEPTH) throw new TooDeepError(rootPath);
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      stack.push({ value: child, path: Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, depth: depth + 1 });
    }
  }
  return null;
}

class TooDeepError extends Error {
  constructor(readonly variable: string) {
    super(`${variable} nests deeper than ${MAX_VARIABLE_DEPTH} levels`);
  }
}

/** Refuses a query holding U+0000 before it runs: BAD_USER_INPUT naming the variable or argument, HTTP 400. */
export function unstorableInputPlugin(): OperationPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          if ((operation as OperationDefinitionNode | undefined)?.operation !== 'query') return;
          let error;
          try {
            const field = nulInQuery(document, request.variables);
            if (!field) return;
            error = badInput(field, 'must not contain the NUL character (U+0000)');
          } catch (err) {
            if (!(err instanceof TooDeepError)) throw err;
            error = badInput(err.variable, `must not nest deeper than ${MAX_VARIABLE_DEPTH} levels`);
          }
          // Thrown from a plugin hook, Apollo would answer 500 unless told the request is at fault.
          (error.extensions as Record<string, unknown>).http = { status: 400 };
          throw error;
        },
      };
    },
  };
}

import type { GraphQLFormattedError } from 'graphql';

// graphql-js names the offending input field only in its message, e.g.
// 'Variable "$input" got invalid value …; Field "dataType" of required type "String!" was not provided.'
const FIELD_IN_MESSAGE = /Field "(?:[A-Za-z0-9_]+\.)?([A-Za-z0-9_]+)"|at "[^"]*?\.([A-Za-z0-9_]+)(?:\[\d+\])?"/;
// Failing that, the variable itself: 'Variable "$bucket" got invalid value "YEAR"; …' (read queries name variables after arguments).
const VARIABLE_IN_MESSAGE = /Variable "\$([A-Za-z0-9_]+)"/;

/**
 * Gives schema-level input errors the same `extensions.field` the resolver's own checks carry,
 * and hides internals of unexpected errors from the client (they are logged server-side).
 */
export function formatGraphQLError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if ((code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED') && !formatted.extensions?.field) {
    const match = FIELD_IN_MESSAGE.exec(formatted.message);
    // A variable that is wrong as a whole (not an object, null for a required input) names no inner
    // field: the variable itself is the field the client must fix.
    const field = match?.[1] ?? match?.[2] ?? VARIABLE_IN_MESSAGE.exec(formatted.message)?.[1];
    if (field) return { ...formatted, extensions: { ...formatted.extensions, field } };
  }
  if (code === 'INTERNAL_SERVER_ERROR') {
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  return formatted;
}

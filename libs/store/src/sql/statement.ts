/**
 * Every SQL statement the store runs is a named constant made here, so that all of them can be
 * written out whole as libs/store/sql/<name>.sql (`npm run sql:snapshots`) and a reviewer reads the
 * real statement instead of the pieces a template splices together. A unit test fails when a
 * snapshot is stale, missing or names a statement that no longer exists.
 *
 * Statements built per table or per variant are registered once per variant, at module load.
 */
const statements = new Map<string, string>();
/** The other way round: a statement's text → its name, for running it as a named (prepared) statement. */
const names = new Map<string, string>();

/** Registers `text` under `name` (a path like `ledger/record-chunk`) and returns it unchanged. */
export function statement(name: string, text: string): string {
  if (!/^[a-z0-9-]+(\/[a-z0-9_-]+)+$/.test(name)) {
    throw new Error(`statement name "${name}" must be group/kebab-name (lower case, digits, - and _)`);
  }
  // runStatement prepares each statement under this name, and PostgreSQL keeps 63 bytes of a name
  // (NAMEDATALEN): a longer one would collide with another that shares its first 63.
  if (name.length > 63) throw new Error(`statement name "${name}" is longer than PostgreSQL's 63 bytes`);
  const known = statements.get(name);
  if (known !== undefined && known !== text) throw new Error(`two different statements are named "${name}"`);
  statements.set(name, text);
  if (!names.has(text)) names.set(text, name);
  return text;
}

/** Every statement registered so far, by name (import `all-statements` first to load them all). */
export function registeredStatements(): ReadonlyMap<string, string> {
  return statements;
}

/** The name `text` was registered under, or undefined for SQL that is not a registered statement. */
export function statementName(text: string): string | undefined {
  return names.get(text);
}

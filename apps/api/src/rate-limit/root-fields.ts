import { DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';

/**
 * How many root fields an operation runs, each alias counted, through fragments and inline
 * fragments (each fragment entered once per path; validation refuses cycles anyway). `__typename`
 * and introspection fields cost nothing. At least 1: a request that runs nothing still counts.
 */
export function rootFieldCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const count = (set: SelectionSetNode, seen: ReadonlySet<string>): number => {
    let n = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) n += 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        n += count(selection.selectionSet, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragment && !seen.has(name)) n += count(fragment.selectionSet, new Set([...seen, name]));
      }
    }
    return n;
  };
  return Math.max(1, count(operation.selectionSet, new Set()));
}

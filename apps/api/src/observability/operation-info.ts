import type { OperationDefinitionNode } from 'graphql';

export interface OperationInfo {
  /** query | mutation | subscription */
  type: string;
  /**
   * The root fields it asks for, e.g. `syncHealthKitSamples`: names from the schema, so a bounded
   * label set (a client's own operation name is free text and would not be).
   */
  name: string;
}

const MAX_NAMED_FIELDS = 3;

/** Classifies a validated operation for metrics and rate limits. */
export function operationInfo(operation: OperationDefinitionNode): OperationInfo {
  const fields = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    fields.add(selection.kind === 'Field' ? selection.name.value : 'fragment');
  }
  const sorted = [...fields].sort();
  const name = sorted.length > MAX_NAMED_FIELDS ? 'multiple' : sorted.join(',') || 'none';
  return { type: operation.operation, name };
}

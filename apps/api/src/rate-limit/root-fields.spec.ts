import { OperationDefinitionNode, parse } from 'graphql';
import { rootFieldCount } from './root-fields';

const countOf = (query: string) => {
  const doc = parse(query);
  return rootFieldCount(doc, doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode);
};

describe('rootFieldCount', () => {
  it('counts every root field and every alias of one', () => {
    expect(countOf('{ syncStates { dataType } }')).toBe(1);
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: syncState(dataType: "STEPS") { dataType }`).join(' ');
    expect(countOf(`{ ${aliases} }`)).toBe(20);
    expect(
      countOf('mutation { a: resetSourcePrecedence(sourceId: "1") { id } b: resetSourcePrecedence(sourceId: "2") { id } }'),
    ).toBe(2);
  });

  it('counts root fields inside fragments and inline fragments, but not nested fields or __typename', () => {
    expect(
      countOf(
        'query { ...F ... on Query { x: sources { id } } __typename } fragment F on Query { a: sources { id name } b: sources { id } }',
      ),
    ).toBe(3);
    expect(countOf('{ __typename }')).toBe(1);
  });
});

import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { DEFAULT_ROOT_COST, queryCostEstimator, ROOT_FIELD_COST } from './query-cost';
import { operationDepth } from './query-depth';

const schema = buildSchema(`
  type Source { name: String! }
  type Sample { value: Float source: Source! }
  type Bucket { sum: Float! }
  type Query {
    samples(limit: Int = 1000): [Sample!]!
    aggregates(sampleType: String!): [Bucket!]!
    brandNew(first: Int): [Sample!]!
  }
`);
const cost = (query: string) => getComplexity({ schema, query: parse(query), estimators: [queryCostEstimator] });

describe('query cost', () => {
  it('counts rows from limit (default included) and what each row asks for', () => {
    expect(cost('{ samples { value } }')).toBe(ROOT_FIELD_COST.samples + 1000 * 1);
    expect(cost('{ samples(limit: 10) { value source { name } } }')).toBe(ROOT_FIELD_COST.samples + 10 * 2);
  });

  it('counts every alias again', () => {
    const aliases = Array.from({ length: 500 }, (_, i) => `a${i}: aggregates(sampleType: "STEPS") { sum }`).join(' ');
    expect(cost(`{ ${aliases} }`)).toBe(500 * ROOT_FIELD_COST.aggregates);
  });

  it('lets at most two sleepSessions into one operation under the default limit of 25,000', () => {
    expect(2 * ROOT_FIELD_COST.sleepSessions).toBeLessThanOrEqual(25_000);
    expect(3 * ROOT_FIELD_COST.sleepSessions).toBeGreaterThan(25_000);
  });

  it('gives a root field it does not know the default cost, times `first`', () => {
    expect(cost('{ brandNew(first: 3) { value } }')).toBe(DEFAULT_ROOT_COST + 3);
    expect(cost('{ brandNew { value } }')).toBe(DEFAULT_ROOT_COST);
  });

  it('measures depth through fragments, not through introspection', () => {
    const doc = parse(
      'query Q { samples { ...S } __schema { types { fields { name } } } } fragment S on Sample { source { name } }',
    );
    expect(operationDepth(doc, doc.definitions[0] as never)).toBe(3);
  });
});

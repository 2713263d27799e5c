import { ENTITIES, SnakeNamingStrategy } from '@app/database';
import { DataSource } from 'typeorm';
import { TABLE_SPECS } from './table-specs';

/**
 * The entities (what migrations are checked against) and TABLE_SPECS (what the writer, export,
 * erasure, retention and the bench use) describe the same health tables. TABLE_SPECS lists the
 * columns a chunk's JSON carries; the rest are the references the writer resolves and the columns
 * PostgreSQL or the order rule fill. libs/database may not import the store, so the check is here.
 */
const FILLED_BY_WRITER = ['user_ref', 'type_id', 'context_id', 'source_id', 'updated_at', 'deleted_at', 'write_pos'];

describe('TABLE_SPECS and the health entities', () => {
  const dataSource = new DataSource({ type: 'postgres', entities: ENTITIES, namingStrategy: new SnakeNamingStrategy() });
  // Metadata only: builds what TypeORM knows of each entity, without a connection.
  beforeAll(async () => {
    await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  });

  it.each(Object.values(TABLE_SPECS).map((spec) => [spec.table, spec] as const))('%s has the same columns', (table, spec) => {
    const entity = dataSource.entityMetadatas.find((m) => m.tableName === table);
    expect(entity).toBeDefined();
    const entityColumns = entity!.columns.map((c) => c.databaseName).sort();
    expect(entityColumns).toEqual([...FILLED_BY_WRITER, ...spec.columns.map((c) => c.column)].sort());
  });

  it('names every column type as the entity declares it', () => {
    for (const spec of Object.values(TABLE_SPECS)) {
      const entity = dataSource.entityMetadatas.find((m) => m.tableName === spec.table)!;
      for (const c of spec.columns) {
        const type = String(entity.columns.find((e) => e.databaseName === c.column)!.type);
        expect([spec.table, c.column, c.sqlType]).toEqual([spec.table, c.column, type]);
      }
    }
  });
});

import { findUserRef, preferGenericPlans, resolveTypeIds, runStatement, statement } from '@app/store';
import { Client } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { connectTestDb, openTestDataSource, resetData } from './support/database';

// Statements registered by this suite only (the SQL snapshots cover the store's own).
const TOUCH_USER = statement(
  'e2e-run-statement/touch-user',
  `UPDATE app_user SET subject = subject WHERE subject = $1 RETURNING id`,
);
const DIVIDE = statement('e2e-run-statement/divide', `SELECT 1 / $1::int AS q`);

/**
 * runStatement runs the store's statements as named (prepared) statements on the transaction's own
 * connection, against real PostgreSQL: what PostgreSQL keeps (pg_prepared_statements of that
 * session) and what callers get back must be what em.query gave them.
 */
describe('runStatement: named statements on the transaction connection (real PostgreSQL)', () => {
  let db: Client;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    await db.query(`INSERT INTO app_user (subject) VALUES ('run-statement-user')`);
    // Known types: resolveTypeIds then runs its SELECT once a call (an unknown type adds an INSERT and a second SELECT).
    await db.query(`INSERT INTO health_term (name) VALUES ('STEPS'), ('HEART_RATE') ON CONFLICT DO NOTHING`);
    dataSource = await openTestDataSource('e2e');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.end();
  });

  /** The session's prepared statements (name → plans), read on the transaction's own connection. */
  async function prepared(em: EntityManager): Promise<Map<string, { generic: number; custom: number }>> {
    const rows: { name: string; generic_plans: string; custom_plans: string }[] = await em.query(
      'SELECT name, generic_plans, custom_plans FROM pg_prepared_statements',
    );
    return new Map(rows.map((r) => [r.name, { generic: Number(r.generic_plans), custom: Number(r.custom_plans) }]));
  }

  it('prepares a registered statement once per connection and answers its rows', async () => {
    await dataSource.transaction(async (em) => {
      const ref = await findUserRef(em, 'run-statement-user');
      expect(ref).toEqual(expect.any(Number));
      expect(await findUserRef(em, 'run-statement-user')).toBe(ref);
      expect(await findUserRef(em, 'nobody')).toBeNull();
      const statements = await prepared(em);
      expect(statements.has('health-rows/select-user')).toBe(true);
    });
  });

  it('answers UPDATE as em.query does ([rows, count]) and fails with the same QueryFailedError', async () => {
    await dataSource.transaction(async (em) => {
      const viaQuery = await em.query(TOUCH_USER, ['run-statement-user']);
      const viaNamed = await runStatement(em, TOUCH_USER, ['run-statement-user']);
      expect(viaNamed).toEqual(viaQuery);
      expect(viaNamed[1]).toBe(1);
      expect((await prepared(em)).has('e2e-run-statement/touch-user')).toBe(true);
    });
    const failure = (run: (em: EntityManager) => Promise<unknown>) =>
      dataSource.transaction(run).then(
        () => null,
        (err: unknown) => err,
      );
    const viaQuery = await failure((em) => em.query(DIVIDE, [0]));
    const viaNamed = await failure((em) => runStatement(em, DIVIDE, [0]));
    expect(viaNamed).toBeInstanceOf(QueryFailedError);
    expect((viaNamed as QueryFailedError).driverError).toMatchObject({ code: '22012' });
    expect((viaQuery as QueryFailedError).driverError).toMatchObject({ code: '22012' });
  });

  it('runs SQL that is not registered through em.query, and a call outside a transaction on a connection of its own', async () => {
    await dataSource.transaction(async (em) => {
      expect(await runStatement(em, 'SELECT $1::int + 1 AS n', [41])).toEqual([{ n: 42 }]);
      expect([...(await prepared(em)).keys()].some((name) => name.includes('SELECT'))).toBe(false);
    });
    expect(await runStatement(dataSource.manager, DIVIDE, [1])).toEqual([{ q: 1 }]);
  });

  it('plans once under preferGenericPlans, and per call without it', async () => {
    // One connection, new: its first calls of a statement are planned per call (PostgreSQL's default
    // mode tries five custom plans before it weighs a generic one).
    const single = await openTestDataSource('e2e', { DATABASE_POOL_SIZE: '1' });
    try {
      const plansOf = (generic: boolean) =>
        single.transaction(async (em) => {
          const before = (await prepared(em)).get('health-rows/select-types') ?? { generic: 0, custom: 0 };
          if (generic) await preferGenericPlans(em);
          for (let i = 0; i < 2; i += 1) await resolveTypeIds(em, ['STEPS', 'HEART_RATE']);
          const after = (await prepared(em)).get('health-rows/select-types');
          return after && { generic: after.generic - before.generic, custom: after.custom - before.custom };
        });
      expect(await plansOf(false)).toEqual({ generic: 0, custom: 2 });
      expect(await plansOf(true)).toEqual({ generic: 2, custom: 0 });
      // The setting ends with its transaction: the connection plans per call again.
      expect(await plansOf(false)).toEqual({ generic: 0, custom: 2 });
    } finally {
      await single.destroy();
    }
  });

  it('prepares nothing and plans per call with DATABASE_PREPARED_STATEMENTS=false (for a pooler that cannot carry them)', async () => {
    const unnamed = await openTestDataSource('e2e', { DATABASE_POOL_SIZE: '1', DATABASE_PREPARED_STATEMENTS: 'false' });
    try {
      await unnamed.transaction(async (em) => {
        await preferGenericPlans(em);
        expect(await findUserRef(em, 'run-statement-user')).toEqual(expect.any(Number));
        expect(await runStatement(em, TOUCH_USER, ['run-statement-user'])).toEqual([[{ id: expect.any(Number) }], 1]);
        expect((await prepared(em)).size).toBe(0);
        const [{ plan_cache_mode: mode }] = await em.query('SHOW plan_cache_mode');
        expect(mode).toBe('auto');
      });
    } finally {
      await unnamed.destroy();
    }
  });
});

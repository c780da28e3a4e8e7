import type { Compilable, CompiledQuery, InsertQueryBuilder, InsertResult, QueryResult } from 'kysely';
import type { DB } from '../../schema.js';
import { type Executor, isPostgres } from './database.js';

/*
 * A fixed query built and compiled by Kysely once per dialect, then run with new values (issue 16: building and
 * compiling the report path's queries cost more main-thread time than SQLite running them). The builder receives
 * placeholders instead of values; each placeholder must become one bound parameter of the SQL (a value in a where,
 * a set or a values list), which the first compilation checks: a placeholder used otherwise (to choose a table, a
 * list's length, inside a larger string) throws instead of running the wrong SQL. For queries whose shape does not
 * depend on the values; anything else is built per call as usual.
 */

const MARK = '\u0000abri-param:';

interface Compiled {
  query: CompiledQuery<unknown>;
  /** For each SQL parameter, the name of the value it takes, or undefined for a constant of the builder. */
  slots: Array<string | undefined>;
}

let serial = 0;

export function compiledOnce<A extends Record<string, unknown>, R>(
  build: (db: Executor, values: A) => Compilable<R>,
): (db: Executor, values: A) => Promise<QueryResult<R>> {
  const byDialect = new Map<'sqlite' | 'postgres', Compiled>();
  return async (db, values) => {
    const dialect = isPostgres(db) ? 'postgres' : 'sqlite';
    let compiled = byDialect.get(dialect);
    if (!compiled) {
      const used = new Set<string>();
      const placeholders = new Proxy({} as A, {
        get: (_, key) => {
          used.add(String(key));
          return MARK + String(key);
        },
      });
      const query = build(db, placeholders).compile() as CompiledQuery<unknown>;
      const slots = query.parameters.map((v) => (typeof v === 'string' && v.startsWith(MARK) ? v.slice(MARK.length) : undefined));
      const bound = new Set(slots.filter((s) => s !== undefined));
      for (const key of used) if (!bound.has(key)) throw new Error(`compiledOnce: "${key}" is not a bound parameter of ${query.sql}`);
      if (query.parameters.some((v) => typeof v === 'string' && v.includes(MARK) && !v.startsWith(MARK)))
        throw new Error(`compiledOnce: a value inside a string in ${query.sql}`);
      compiled = { query, slots };
      byDialect.set(dialect, compiled);
    }
    const { query, slots } = compiled;
    const parameters = query.parameters.map((v, i) => {
      const key = slots[i];
      if (key === undefined) return v;
      const value = values[key];
      if (value === undefined) throw new Error(`compiledOnce: no value for "${key}" in ${query.sql}`);
      return value;
    });
    return (await db.executeQuery({ ...query, parameters, queryId: { queryId: `compiled-${serial++}` } })) as QueryResult<R>;
  };
}

/**
 * `into(db).values(rows)` (the repository passes the insert builder of its table), compiled once per set of columns
 * and number of rows (the columns of the first row that have a value; rows with other columns, or more than 50, are
 * inserted the usual way).
 */
export function compiledInsert<T extends keyof DB & string, Row extends object>(
  into: (db: Executor) => InsertQueryBuilder<DB, T, InsertResult>,
): (db: Executor, rows: Row | Row[]) => Promise<void> {
  const byShape = new Map<string, (db: Executor, values: Record<string, unknown>) => Promise<QueryResult<unknown>>>();
  return async (db, input) => {
    const rows = (Array.isArray(input) ? input : [input]) as Record<string, unknown>[];
    if (rows.length === 0) return;
    const first = rows[0] as Record<string, unknown>;
    const columns = Object.keys(first).filter((c) => first[c] !== undefined);
    const same = rows.every(
      (r) =>
        Object.keys(r)
          .filter((c) => r[c] !== undefined)
          .join() === columns.join(),
    );
    if (!same || rows.length > 50) {
      await into(db)
        .values(input as never)
        .execute();
      return;
    }
    const shape = `${columns.join()}:${rows.length}`;
    let run = byShape.get(shape);
    if (!run) {
      if (byShape.size >= 20) byShape.clear();
      run = compiledOnce((d, v: Record<string, unknown>) =>
        into(d).values(rows.map((_, i) => Object.fromEntries(columns.map((c) => [c, v[`${i}.${c}`]]))) as never),
      );
      byShape.set(shape, run);
    }
    const values: Record<string, unknown> = {};
    rows.forEach((r, i) => {
      for (const c of columns) values[`${i}.${c}`] = r[c];
    });
    await run(db, values);
  };
}

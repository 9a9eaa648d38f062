/**
 * Multi-row inserts of synced rows in plain SQL, for bulk loads (a backfill page): Prisma builds,
 * validates and compiles each row of a `createMany` on its own, which costs several times what
 * the database spends on it. The SQL is made from the client's own data model (its table and
 * column names, `@map`s included) and its values are bound as parameters through the client's
 * driver adapter, which stores each value exactly as Prisma's own writes do (dates in the
 * adapter's format, JSON as its text, booleans as the database keeps them).
 */

/** A scalar field as Prisma's runtime data model describes it. */
interface RuntimeField {
  name: string;
  kind: string;
  type: string;
  dbName?: string | null;
}

/** What every generated Prisma client (and transaction client) carries at run time. */
interface ClientInternals {
  _activeProvider?: unknown;
  _runtimeDataModel?: {
    models?: {
      [model: string]:
        | { dbName?: string | null; schema?: string | null; fields?: RuntimeField[] }
        | undefined;
    };
  };
  $executeRawUnsafe?: (query: string, ...values: unknown[]) => PromiseLike<number>;
}

/**
 * Inserts rows of one model in as few statements as the database's parameter limit allows, in
 * the caller's transaction. Resolves `false`, having written nothing, when the rows cannot be
 * written this way (a column the model lacks, rows of different shapes, a value left
 * `undefined`): the caller then inserts them through Prisma. A row whose id exists fails the
 * statement with Prisma's unique-violation error, as `createMany` would.
 */
export type BulkInsert = (rows: readonly object[]) => Promise<boolean>;

/** Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The bulk insert for `model` (its delegate's name, e.g. `clerkUser`) on a Prisma client or
 * transaction client, or `undefined` where the client is not one whose SQL this knows (SQLite
 * and PostgreSQL) or does not describe the model.
 *
 * @example
 * const insert = bulkInsertOf(tx, "clerkUser");
 * if (!(await insert?.(rows))) await tx.clerkUser.createMany({ data: rows });
 */
export function bulkInsertOf(tx: unknown, model: string): BulkInsert | undefined {
  if (typeof tx !== "object" || tx === null) return undefined;
  const client = tx as ClientInternals;
  const provider = client._activeProvider;
  if (provider !== "sqlite" && provider !== "postgresql") return undefined;
  if (typeof client.$executeRawUnsafe !== "function") return undefined;
  const shape = client._runtimeDataModel?.models?.[model.charAt(0).toUpperCase() + model.slice(1)];
  if (!shape?.fields) return undefined;
  const fields = new Map(
    shape.fields.filter((field) => field.kind === "scalar").map((field) => [field.name, field]),
  );
  const table = `${shape.schema ? `${quote(shape.schema)}.` : ""}${quote(shape.dbName ?? model)}`;
  const placeholder = provider === "sqlite" ? () => "?" : (n: number) => `$${n}`;

  return async (objects) => {
    const rows = objects as readonly { readonly [column: string]: unknown }[];
    const first = rows[0];
    if (!first) return true;
    const keys = Object.keys(first);
    const columns = keys.map((key) => fields.get(key));
    if (columns.some((field) => field === undefined)) return false;
    const sameShape = rows.every(
      (row) =>
        Object.keys(row).length === keys.length &&
        keys.every((key) => key in row && row[key] !== undefined),
    );
    if (!sameShape) return false;
    const json = (columns as RuntimeField[]).map((field) => field.type === "Json");
    const names = (columns as RuntimeField[]).map((field) => quote(field.dbName ?? field.name));
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / keys.length));
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values: unknown[] = [];
      const tuples = chunk.map((row) => {
        const marks = keys.map((key, i) => {
          const value = row[key];
          values.push(json[i] && value !== null ? JSON.stringify(value) : value);
          return placeholder(values.length);
        });
        return `(${marks.join(", ")})`;
      });
      await client.$executeRawUnsafe?.(
        `INSERT INTO ${table} (${names.join(", ")}) VALUES ${tuples.join(", ")}`,
        ...values,
      );
    }
    return true;
  };
}

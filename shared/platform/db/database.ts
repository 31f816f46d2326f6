// Opens the system of record. One code path for both: node-postgres + kysely, either against a real
// PostgreSQL server (DATABASE_URL) or against embedded PGlite (with pgvector) through PGlite's
// node-postgres adapter. PGlite is one Postgres backend in this process, so its pool has one connection.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { acquireDirectoryLock, type DirectoryLock } from './directoryLock';
import type { Database } from './schema';

// Dates as 'YYYY-MM-DD' strings: a calendar day has no time zone, and Date would invent one.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint counts (count(*), sums) as numbers: ours stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** "entra": connect with an Entra access token of the managed identity instead of a password */
  auth?: 'password' | 'entra';
  pgliteDataDir: string;
  poolMax: number;
}

export interface DatabaseHandle {
  kind: DatabaseKind;
  db: Kysely<Database>;
  /** Where it is, without credentials, for logs and health output. */
  description: string;
  /** Bulk load with COPY ... FROM STDIN (CSV): the fastest way in, used as the ingest ceiling. */
  copyFromCsv(table: string, columns: string[], csv: string): Promise<void>;
  close(): Promise<void>;
}

function copyStatement(table: string, columns: string[], source: string): string {
  const ident = (name: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`"${name}" is not a plain identifier.`);
    return name;
  };
  return `copy ${ident(table)} (${columns.map(ident).join(', ')}) from ${source} with (format csv)`;
}

/**
 * The database handle, built at once but connected on first use: the composition root builds it
 * while the app registers its functions (which is synchronous), and the first query — the start-up
 * migration locally, the first request in Azure — opens it.
 */
export function createDatabase(options: DatabaseOptions): DatabaseHandle {
  return options.databaseUrl
    ? createServerDatabase(options.databaseUrl, options)
    : createEmbeddedPglite(options.pgliteDataDir);
}

/** createDatabase, and wait until it answers: for scripts and tests that want errors up front. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const handle = createDatabase(options);
  try {
    await sql`select 1`.execute(handle.db);
    return handle;
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

function createServerDatabase(databaseUrl: string, options: DatabaseOptions): DatabaseHandle {
  let pool: pg.Pool | undefined;
  const connect = async (): Promise<pg.Pool> => {
    pool ??= new pg.Pool({
      connectionString: databaseUrl,
      max: options.poolMax,
      ...(options.auth === 'entra' ? { password: await entraPassword() } : {}),
    });
    return pool;
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: connect }) });
  const url = new URL(databaseUrl);
  return {
    kind: 'postgres',
    db,
    description: `postgres://${url.hostname}:${url.port || 5432}${url.pathname}`,
    async copyFromCsv(table, columns, csv) {
      const { from: copyFrom } = await import('pg-copy-streams');
      const client = await (await connect()).connect();
      try {
        await pipeline(Readable.from([csv]), client.query(copyFrom(copyStatement(table, columns, 'stdin'))));
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

/**
 * Azure Database for PostgreSQL with Entra authentication: the password is a short-lived token of
 * the app's identity, fetched (and cached by the credential) for each new connection.
 */
async function entraPassword(): Promise<() => Promise<string>> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  const credential = new DefaultAzureCredential();
  return async () => {
    const token = await credential.getToken('https://ossrdbms-aad.database.windows.net/.default');
    return token.token;
  };
}

interface OpenPglite {
  pglite: {
    query(statement: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
    close(): Promise<void>;
  };
  pool: pg.Pool;
  lock: DirectoryLock;
}

function createEmbeddedPglite(dataDir: string): DatabaseHandle {
  let opening: Promise<OpenPglite> | undefined;
  const open = (): Promise<OpenPglite> => (opening ??= openPglite(dataDir));
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: async () => (await open()).pool }),
  });
  return {
    kind: 'pglite',
    db,
    description: `PGlite at ${dataDir}`,
    // node-postgres' COPY streaming does not reach PGlite; PGlite reads COPY input from a blob.
    async copyFromCsv(table, columns, csv) {
      const { pglite } = await open();
      await pglite.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob([csv]) });
    },
    close: async () => {
      await db.destroy();
      if (!opening) return;
      const opened = await opening.catch(() => undefined);
      if (!opened) return;
      await opened.pglite.close();
      await opened.lock.release();
    },
  };
}

/**
 * PGlite is one Postgres backend in this process (loaded only here: the deployed app never opens
 * it), so its pool has one connection; a second process opening the same folder would corrupt it.
 */
async function openPglite(dataDir: string): Promise<OpenPglite> {
  const inMemory = dataDir.startsWith('memory://');
  const lock: DirectoryLock = inMemory
    ? { release: () => Promise.resolve() }
    : await acquireDirectoryLock(`${dataDir}.lock`, 'the embedded PGlite database');
  try {
    const [{ PGlite }, { vector }, { createPgConfig }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-pgvector'),
      import('@electric-sql/pglite/node-postgres'),
    ]);
    const pglite = await PGlite.create(dataDir, { extensions: { vector } });
    return { pglite, pool: new pg.Pool(createPgConfig(pglite)), lock };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

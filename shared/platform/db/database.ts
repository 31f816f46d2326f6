// Opens the system of record. One code path for both: node-postgres + kysely, either against a real
// PostgreSQL server (DATABASE_URL) or against embedded PGlite (with pgvector) through PGlite's
// node-postgres adapter. PGlite is one Postgres backend in this process, so its pool has one connection.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect } from 'kysely';
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
  pool: pg.Pool;
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

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolMax,
      ...(options.auth === 'entra' ? { password: await entraPassword() } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(options.databaseUrl);
    return {
      kind: 'postgres',
      db,
      pool,
      description: `postgres://${url.hostname}:${url.port || 5432}${url.pathname}`,
      async copyFromCsv(table, columns, csv) {
        const { from: copyFrom } = await import('pg-copy-streams');
        const client = await pool.connect();
        try {
          await pipeline(
            Readable.from([csv]),
            client.query(copyFrom(copyStatement(table, columns, 'stdin'))),
          );
        } finally {
          client.release();
        }
      },
      close: () => db.destroy(),
    };
  }
  return openEmbeddedPglite(options.pgliteDataDir);
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

async function openEmbeddedPglite(dataDir: string): Promise<DatabaseHandle> {
  // PGlite is single-process: a second process opening the same folder would corrupt it.
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
    const pool = new pg.Pool(createPgConfig(pglite));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      kind: 'pglite',
      db,
      pool,
      description: `PGlite at ${dataDir}`,
      // node-postgres' COPY streaming does not reach PGlite; PGlite reads COPY input from a blob.
      async copyFromCsv(table, columns, csv) {
        await pglite.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob([csv]) });
      },
      close: async () => {
        await db.destroy();
        await pglite.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

// What /api/health/ready reports: does each dependency answer?
import { sql, type Kysely } from 'kysely';
import type { QueueSender } from './clients/queueSender';
import type { DatabaseKind } from './db/database';
import type { Database } from './db/schema';

export interface ReadinessDeps {
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  usageQueue: QueueSender;
  /** a cheap read of the Cosmos DB database, when COSMOS_ENDPOINT is set */
  cosmos?: { ping(): Promise<unknown> } | undefined;
}

export interface Check {
  ok: boolean;
  error?: string;
}

async function check(run: () => Promise<unknown>): Promise<Check> {
  try {
    await run();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function checkReadiness(deps: ReadinessDeps) {
  const cosmos = deps.cosmos;
  const checks: Record<string, Check> = {
    postgres: await check(() => sql`select 1`.execute(deps.db)),
    storage: await check(() => deps.usageQueue.ping()),
    ...(cosmos && { cosmos: await check(() => cosmos.ping()) }),
  };
  const failing = Object.entries(checks)
    .filter(([, c]) => !c.ok)
    .map(([name]) => name);
  return { checks, failing, database: deps.databaseKind };
}

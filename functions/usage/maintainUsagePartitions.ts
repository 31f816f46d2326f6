// Daily at 02:00 UTC: keep monthly usage partitions ready three months ahead.
import { app } from '@azure/functions';
import type { Kysely } from 'kysely';
import { ensureUsagePartitionsAround } from '../../shared/platform/db/partitions';
import type { Database } from '../../shared/platform/db/schema';

export function registerMaintainUsagePartitions(deps: { db: Kysely<Database>; now: () => Date }): void {
  app.timer('maintainUsagePartitions', {
    schedule: '0 0 2 * * *',
    handler: async (_timer, context) => {
      const created = await ensureUsagePartitionsAround(deps.db, deps.now());
      if (created.length > 0) context.log(`created partitions ${created.join(', ')}`);
    },
  });
}

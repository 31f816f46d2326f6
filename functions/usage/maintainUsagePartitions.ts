// Daily at 02:00 UTC: keep monthly usage partitions ready three months ahead.
import { app, type InvocationContext } from '@azure/functions';
import { ensureUsagePartitionsAround } from '../../shared/platform/db/partitions';
import { getServices } from '../../shared/services';

export async function maintainUsagePartitions(_timer: unknown, context: InvocationContext): Promise<void> {
  const services = await getServices();
  const created = await ensureUsagePartitionsAround(services.database.db, services.now());
  if (created.length > 0) context.log(`created partitions ${created.join(', ')}`);
}

app.timer('maintainUsagePartitions', {
  schedule: '0 0 2 * * *',
  handler: maintainUsagePartitions,
});

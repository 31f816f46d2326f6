// Makes sure a batch's months have their partitions before it is inserted. Remembers what exists,
// so the common case (every month known) costs no query.
import type { Kysely } from 'kysely';
import {
  ensureMonthlyPartitions,
  existingMonthlyPartitions,
  isOnDemandMonth,
  monthlyPartitionName,
  monthsOf,
} from '../platform/db/partitions';
import type { Database } from '../platform/db/schema';

export interface PartitionKeeper {
  ensureFor(timestamps: Date[]): Promise<string[]>;
}

export function createPartitionKeeper(db: Kysely<Database>, now: () => Date): PartitionKeeper {
  let known: Set<string> | undefined;
  return {
    async ensureFor(timestamps) {
      known ??= await existingMonthlyPartitions(db);
      const needed = monthsOf(timestamps).filter(
        (month) => !known!.has(monthlyPartitionName(month)) && isOnDemandMonth(month, now()),
      );
      if (needed.length === 0) return [];
      const created = await ensureMonthlyPartitions(db, needed);
      for (const month of needed) known.add(monthlyPartitionName(month));
      return created;
    },
  };
}

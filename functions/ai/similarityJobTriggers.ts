// The similarity job's other starters: the nightly timer (SIMILARITY_JOB_SCHEDULE, NCRONTAB, UTC) and
// a catalog change (Event Grid, AssetPulse.Catalog.Changed { appIds }), which covers the changed apps
// only. The event's id names the job, so an event delivered twice starts one job.
import { app, type EventGridEvent, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { CATALOG_CHANGED } from '../../shared/catalog/catalogWrites';
import type { SimilarityTriggerDeps } from './similarityJobDeps';
import { startJob } from './startJob';

const catalogChangedData = z.strictObject({
  appIds: z.array(z.number().int().positive().max(2_147_483_647)).min(1).max(10_000),
});

export function registerSimilarityJobTriggers(deps: SimilarityTriggerDeps): void {
  app.timer('similarityJobNightly', {
    schedule: deps.schedule,
    extraInputs: [df.input.durableClient()],
    handler: async (_timer: Timer, context: InvocationContext) => {
      const day = deps.now().toISOString().slice(0, 10);
      const outcome = await startJob(
        deps,
        context, // one nightly job per day, whichever instance's timer fires
        { id: `nightly-${day}`, trigger: 'nightly', requestedBy: null, scopeAppIds: null },
      );
      context.log(
        `nightly similarity job: ${outcome.kind}${'detail' in outcome ? ` (${outcome.detail})` : ''}`,
      );
    },
  });

  app.eventGrid('similarityJobOnCatalogChange', {
    extraInputs: [df.input.durableClient()],
    handler: async (event: EventGridEvent, context: InvocationContext) => {
      const type = (event as { type?: string; eventType?: string }).type ?? event.eventType;
      if (type !== CATALOG_CHANGED) return;
      const parsed = catalogChangedData.safeParse(event.data);
      if (!parsed.success) {
        context.warn(`ignored a ${CATALOG_CHANGED} event ${event.id} with data that is not { appIds }`);
        return;
      }
      const id = `catalog-${event.id.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100)}`;
      const outcome = await startJob(deps, context, {
        id,
        trigger: 'catalog-change',
        requestedBy: null,
        scopeAppIds: [...new Set(parsed.data.appIds)].sort((a, b) => a - b),
      });
      if (outcome.kind === 'running') {
        // Event Grid delivers again later (with backoff): the change is covered once the other job ends.
        throw new Error(`similarity job ${outcome.runningId} is running; the catalog change waits for it`);
      }
      context.log(`catalog change ${event.id}: similarity job ${outcome.kind}`);
    },
  });
}

// The recommendation store when COSMOS_ENDPOINT is not set: a similarity job still embeds and
// writes overlaps, and fails at its recommendations step naming the missing setting.
import type { RecommendationStore } from './recommendation';

const fail = (): never => {
  throw new Error('Cosmos DB is not configured (COSMOS_ENDPOINT): recommendations cannot be stored');
};

export const recommendationsNotConfigured: RecommendationStore = {
  upsertMany: () => Promise.resolve().then(fail),
  get: () => Promise.resolve().then(fail),
  list: () => Promise.resolve().then(fail),
  replace: () => Promise.resolve().then(fail),
};

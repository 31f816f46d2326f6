// The AI provider the app uses, from settings: Azure OpenAI when AZURE_OPENAI_ENDPOINT is set (with
// the LLM response cache in front of its chat when a cache is given), else the deterministic local
// provider. Either way every call is booked in the ledger. Called once, in the composition root.
import type { Kysely } from 'kysely';
import type { AiSettings } from '../platform/config';
import type { Database } from '../platform/db/schema';
import type { AiLedger } from './aiLedger';
import { createAiLedger } from './aiLedgerStore';
import type { AiProvider } from './aiProvider';
import { createAzureOpenAiProvider, type AzureOpenAiProviderDeps } from './azure/createAzureOpenAiProvider';
import type { LlmCache } from './llmCache';
import { createLocalAiProvider } from './local/localAiProvider';
import { withLedger } from './withLedger';
import { withLlmCache, type LlmCacheOptions } from './withLlmCache';

export interface AiProviderDeps {
  db: Kysely<Database>;
  /** the LLM response cache (Cosmos DB container llmCache); without it every chat calls the model */
  cache?: LlmCache;
  /** default: the PostgreSQL ledger of `db` */
  ledger?: AiLedger;
  azure?: AzureOpenAiProviderDeps;
  onCacheError?: LlmCacheOptions['onCacheError'];
}

export function createAiProvider(config: { ai: AiSettings }, deps: AiProviderDeps): AiProvider {
  const ledger = deps.ledger ?? createAiLedger(deps.db);
  const azure = config.ai.azureOpenAi;
  if (!azure) return withLedger(createLocalAiProvider(), ledger, config.ai.prices);
  const model = createAzureOpenAiProvider(azure, deps.azure);
  const cached = deps.cache
    ? withLlmCache(model, deps.cache, deps.onCacheError ? { onCacheError: deps.onCacheError } : {})
    : model;
  return withLedger(cached, ledger, config.ai.prices);
}

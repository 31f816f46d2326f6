// The `openai` package's AzureOpenAI client for one account. Keyless by default: an Entra token of
// the app's identity (DefaultAzureCredential: the managed identity in Azure, `az login` on a
// laptop) for the Cognitive Services scope; an API key instead when AZURE_OPENAI_API_KEY is set.
// The client has NO `deployment` option: with one, the SDK would rewrite every path, files and
// batches included, to /deployments/{name}/…; chat and embedding calls name their deployment in
// `model` and the SDK routes those to /deployments/{model}/… itself.
import { DefaultAzureCredential, getBearerTokenProvider, type TokenCredential } from '@azure/identity';
import { AzureOpenAI } from 'openai';
import type { AzureOpenAiSettings } from '../../platform/config';

export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

export interface AzureOpenAiClientDeps {
  /** the identity for keyless calls; default DefaultAzureCredential */
  credential?: TokenCredential;
}

export function createAzureOpenAiClient(
  settings: AzureOpenAiSettings,
  deps: AzureOpenAiClientDeps = {},
): AzureOpenAI {
  const common = {
    // given as baseURL (not endpoint) so OPENAI_BASE_URL in the environment cannot redirect it
    baseURL: `${settings.endpoint.replace(/\/+$/, '')}/openai`,
    apiVersion: settings.apiVersion,
    timeout: settings.timeoutMs,
    // retries are ours (retryPolicy.ts): capped waits that stop on abort
    maxRetries: 0,
    organization: null,
    project: null,
  };
  if (settings.apiKey) return new AzureOpenAI({ ...common, apiKey: settings.apiKey });
  const credential = deps.credential ?? new DefaultAzureCredential();
  return new AzureOpenAI({
    ...common,
    azureADTokenProvider: getBearerTokenProvider(credential, COGNITIVE_SERVICES_SCOPE),
  });
}

// The provider contract every provider meets (test/support/aiProviderContract.ts), run for the
// deterministic local provider; the Azure OpenAI provider runs it against the wire-protocol server
// in test/integration/azureOpenAiProvider.test.ts.
import { createLocalAiProvider } from '../../shared/ai/local/localAiProvider';
import { describeAiProviderContract } from '../support/aiProviderContract';

describeAiProviderContract('local', () => createLocalAiProvider());

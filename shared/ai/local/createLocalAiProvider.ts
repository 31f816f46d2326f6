// Placeholder until the local provider lands (its own branch replaces this file).
import type { AiProvider } from '../aiProvider';

export function createLocalAiProvider(): AiProvider {
  throw new Error('the local AI provider is not yet available');
}

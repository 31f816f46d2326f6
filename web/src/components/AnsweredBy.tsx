// Who said so: a language model (provider and model) or the local rules, which are labelled as not
// being a language model wherever an AI answer is shown.
import { Badge, Text } from '@fluentui/react-components';
import type { AnsweredBy as AnsweredByValue } from '../api/types';

export const DETERMINISTIC_LABEL = 'Local rules (deterministic), not a language model';

export function AnsweredBy({ answeredBy }: { answeredBy: Partial<AnsweredByValue> | null | undefined }) {
  if (!answeredBy || typeof answeredBy !== 'object') return <Text>Not recorded</Text>;
  const model = [answeredBy.model, answeredBy.provider].filter((v) => typeof v === 'string' && v).join(' · ');
  if (answeredBy.deterministic === true)
    return (
      <span>
        <Badge appearance="tint" color="informative">
          {DETERMINISTIC_LABEL}
        </Badge>
        {model && <Text size={200}> ({model})</Text>}
      </span>
    );
  return <Text>Language model: {model || 'not recorded'}</Text>;
}

// Approvals: the steps waiting for me, with the facts the approval e-mail gives; approve or reject
// with a comment, and the list updates.
import {
  Button,
  Card,
  CardHeader,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { Link } from 'react-router';
import { useDecide, usePendingApprovals } from '../api/queries';
import type { PendingApproval } from '../api/types';
import { PageHeader } from '../components/PageHeader';
import { ErrorState, QueryState } from '../components/PageState';
import { formatDateTime, formatDay, formatMoney } from '../format/format';

const useStyles = makeStyles({
  list: { display: 'grid', gap: '16px', listStyleType: 'none', margin: 0, padding: 0 },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: 0 },
  term: { fontWeight: tokens.fontWeightSemibold },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap', marginTop: '8px' },
});

function ApprovalCard({ item, onDecided }: { item: PendingApproval; onDecided: (text: string) => void }) {
  const styles = useStyles();
  const decide = useDecide();
  const [comment, setComment] = useState('');
  const submit = (decision: 'approve' | 'reject') =>
    decide.mutate(
      { requestId: item.requestId, decision, comment: comment.trim() || undefined },
      { onSuccess: () => onDecided(`${item.code} ${decision === 'approve' ? 'approved' : 'rejected'}.`) },
    );
  const titleId = `approval-${item.requestId}`;
  return (
    <li>
      <Card aria-labelledby={titleId}>
        <CardHeader
          header={
            <Text as="h2" id={titleId} weight="semibold" size={400}>
              <Link to={`/requests/${item.requestId}`}>{item.code}</Link> from {item.requester.displayName}
            </Text>
          }
          description={item.escalated ? 'Escalated to you' : undefined}
        />
        <dl className={styles.facts}>
          <dt className={styles.term}>Cost</dt>
          <dd>
            {formatMoney(item.monthlyCost, item.currency)} a month ·{' '}
            {formatMoney(item.annualCost, item.currency)} a year
          </dd>
          <dt className={styles.term}>Needed by</dt>
          <dd>{formatDay(item.neededBy)}</dd>
          <dt className={styles.term}>Asked</dt>
          <dd>{formatDateTime(item.askedAt)}</dd>
          <dt className={styles.term}>Justification</dt>
          <dd>{item.justification}</dd>
        </dl>
        <Field label={`Comment on ${item.code} (optional)`}>
          <Textarea
            value={comment}
            onChange={(_e, d) => setComment(d.value)}
            maxLength={2000}
            resize="vertical"
          />
        </Field>
        <div className={styles.actions}>
          <Button appearance="primary" disabled={decide.isPending} onClick={() => submit('approve')}>
            Approve {item.code}
          </Button>
          <Button disabled={decide.isPending} onClick={() => submit('reject')}>
            Reject {item.code}
          </Button>
        </div>
        {decide.error && <ErrorState error={decide.error} />}
      </Card>
    </li>
  );
}

export default function Approvals() {
  const styles = useStyles();
  const pending = usePendingApprovals();
  const [notice, setNotice] = useState<string>();
  return (
    <>
      <PageHeader title="Approvals" />
      <div aria-live="polite">
        {notice && (
          <MessageBar intent="success">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <QueryState
        query={pending}
        isEmpty={(d) => d.items.length === 0}
        empty="Nothing is waiting for your approval."
      >
        {(data) => (
          <ul className={styles.list} aria-label="Waiting for me">
            {data.items.map((item) => (
              <ApprovalCard key={`${item.requestId}-${item.step}`} item={item} onDecided={setNotice} />
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}

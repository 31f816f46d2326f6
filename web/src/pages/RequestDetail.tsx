// One request: status, items and cost, the chain of approval steps and the timeline. Polled every
// 1.5 s with ETags while it can still change (queries.ts), so a decision shows without a reload.
import {
  Button,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useCancelRequest, useMe, useRequestDetail } from '../api/queries';
import type { RequestDetail } from '../api/types';
import { PageHeader } from '../components/PageHeader';
import { ErrorState, QueryState } from '../components/PageState';
import { StatusBadge } from '../components/StatusBadge';
import {
  approverLabel,
  formatDateTime,
  formatDay,
  formatMoney,
  formatNumber,
  humanize,
} from '../format/format';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: 0 },
  term: { fontWeight: tokens.fontWeightSemibold },
  section: { marginTop: '24px' },
  list: { margin: 0, paddingLeft: '20px', display: 'grid', gap: '8px' },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', marginTop: '16px' },
});

function CancelControl({ request }: { request: RequestDetail }) {
  const cancel = useCancelRequest(request.id);
  const [asking, setAsking] = useState(false);
  const styles = useStyles();
  if (!asking)
    return (
      <Button onClick={() => setAsking(true)} disabled={cancel.isPending}>
        Cancel request
      </Button>
    );
  return (
    <div role="group" aria-label="Confirm cancellation" className={styles.row}>
      <Text>Cancel {request.code}? Approvers will no longer be asked.</Text>
      <Button
        appearance="primary"
        onClick={() => cancel.mutate(undefined, { onSettled: () => setAsking(false) })}
      >
        Yes, cancel it
      </Button>
      <Button onClick={() => setAsking(false)}>Keep it</Button>
      {cancel.error && <ErrorState error={cancel.error} />}
    </div>
  );
}

function Detail({ request }: { request: RequestDetail }) {
  const styles = useStyles();
  const me = useMe().data;
  const mine = me?.employee.email.toLowerCase() === request.requester.email.toLowerCase();
  return (
    <>
      <PageHeader title={request.code}>
        <StatusBadge status={request.status} />
        {mine && request.status === 'pending' && <CancelControl request={request} />}
      </PageHeader>
      {request.outcomeReason && (
        <MessageBar intent="info">
          <MessageBarBody>{request.outcomeReason}</MessageBarBody>
        </MessageBar>
      )}
      <Card>
        <dl className={styles.facts}>
          <dt className={styles.term}>Requested by</dt>
          <dd>{request.requester.displayName}</dd>
          <dt className={styles.term}>Company</dt>
          <dd>{request.companyName}</dd>
          <dt className={styles.term}>Cost</dt>
          <dd>
            {formatMoney(request.monthlyCost, request.currency)} a month ·{' '}
            {formatMoney(request.annualCost, request.currency)} a year
          </dd>
          <dt className={styles.term}>Needed by</dt>
          <dd>{formatDay(request.neededBy)}</dd>
          <dt className={styles.term}>Created</dt>
          <dd>{formatDateTime(request.createdAt)}</dd>
          <dt className={styles.term}>Justification</dt>
          <dd>{request.justification}</dd>
        </dl>
      </Card>

      <section className={styles.section} aria-labelledby="items-title">
        <Text as="h2" id="items-title" size={500} weight="semibold">
          Items
        </Text>
        <div style={{ overflowX: 'auto' }}>
          <Table aria-labelledby="items-title">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>App</TableHeaderCell>
                <TableHeaderCell>Plan</TableHeaderCell>
                <TableHeaderCell>Seats</TableHeaderCell>
                <TableHeaderCell>For</TableHeaderCell>
                <TableHeaderCell>Per month</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {request.items.map((item) => (
                <TableRow key={item.line}>
                  <TableCell>{item.appName}</TableCell>
                  <TableCell>{item.planName}</TableCell>
                  <TableCell>{formatNumber(item.seats)}</TableCell>
                  <TableCell>
                    {/* As the server reads it: one seat for no one named is the requester's, more are a team's. */}
                    {item.forEmployee?.displayName ??
                      (item.seats === 1 ? request.requester.displayName : 'The team')}
                  </TableCell>
                  <TableCell>{formatMoney(item.monthlyCost, request.currency)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </section>

      <section className={styles.section} aria-labelledby="steps-title">
        <Text as="h2" id="steps-title" size={500} weight="semibold">
          Approval steps
        </Text>
        {request.steps.length === 0 ? (
          <p>No approval steps.</p>
        ) : (
          <ol className={styles.list}>
            {request.steps.map((s) => (
              <li key={s.step}>
                <Text weight="semibold">{approverLabel(s.kind)}</Text>: {s.approver.displayName}{' '}
                <StatusBadge status={s.status} />
                {s.escalatedFrom && <> (escalated from {s.escalatedFrom.displayName})</>}
                {s.decision && (
                  <div>
                    {s.decision.decision === 'approve'
                      ? 'Approved'
                      : s.decision.decision === 'reject'
                        ? 'Rejected'
                        : humanize(s.decision.decision)}{' '}
                    by {s.decision.by} on {formatDateTime(s.decision.at)}
                    {s.decision.comment && <> — “{s.decision.comment}”</>}
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className={styles.section} aria-labelledby="timeline-title">
        <Text as="h2" id="timeline-title" size={500} weight="semibold">
          Timeline
        </Text>
        <ol className={styles.list} aria-live="polite">
          {request.timeline.map((t, index) => (
            <li key={`${t.at}-${index}`}>
              <time dateTime={t.at}>{formatDateTime(t.at)}</time> — {humanize(t.action.replace(/\./g, ' '))}
              {t.actor && <> · {t.actor}</>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

export default function RequestDetailPage() {
  const { id = '' } = useParams();
  const detail = useRequestDetail(id);
  if (detail.error instanceof ApiError && detail.error.status === 404)
    return (
      <>
        <PageHeader title="Request not found" />
        <ErrorState error={detail.error} />
      </>
    );
  return (
    <QueryState query={detail} label="Loading the request…">
      {(request) => <Detail request={request} />}
    </QueryState>
  );
}

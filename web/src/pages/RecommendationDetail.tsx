// One recommendation: what it says and saves, the evidence behind it, who answered (a language model
// or the local rules), and the decision: accept or dismiss with a reason, once.
import {
  Button,
  Card,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useDecideRecommendation, useRecommendation } from '../api/queries';
import type { Recommendation } from '../api/types';
import { AnsweredBy } from '../components/AnsweredBy';
import { ModalDialog } from '../components/ModalDialog';
import { Evidence } from '../components/Evidence';
import { PageHeader } from '../components/PageHeader';
import { ErrorState, QueryState } from '../components/PageState';
import { StatusBadge } from '../components/StatusBadge';
import { formatDateTime, formatMoney } from '../format/format';
import { kindLabel } from './Recommendations';

export const MIN_REASON = 3;

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: 0 },
  term: { fontWeight: tokens.fontWeightSemibold },
  section: { marginTop: '24px', display: 'grid', gap: '8px' },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'center' },
  form: { display: 'grid', gap: '12px' },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap', justifyContent: 'end' },
});

type Decision = 'accept' | 'dismiss';

function DecisionForm({
  recommendation,
  decision,
  onClose,
  onDone,
}: {
  recommendation: Recommendation;
  decision: Decision;
  onClose: () => void;
  onDone: (saved: Recommendation) => void;
}) {
  const styles = useStyles();
  const decide = useDecideRecommendation(recommendation.id);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const tooShort = reason.trim().length < MIN_REASON;
  const problem = decide.error instanceof ApiError ? decide.error : undefined;
  const message =
    tried && tooShort
      ? `Say why in at least ${MIN_REASON} characters.`
      : (problem?.fieldError('reason') ?? undefined);
  const verb = decision === 'accept' ? 'Accept' : 'Dismiss';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (tooShort) return;
    decide.mutate({ decision, reason: reason.trim() }, { onSuccess: onDone });
  };

  return (
    <ModalDialog
      title={
        <>
          {verb} “{recommendation.title}”
        </>
      }
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate className={styles.form}>
        <Field
          label="Reason"
          required
          hint="Say in a few words why; it is kept with the decision."
          validationMessage={message}
        >
          <Textarea value={reason} onChange={(_e, d) => setReason(d.value)} maxLength={2000} />
        </Field>
        {problem && problem.status === 409 && (
          <MessageBar intent="warning">
            <MessageBarBody>Someone decided this recommendation meanwhile. Close to see it.</MessageBarBody>
          </MessageBar>
        )}
        {decide.error && !(problem && (problem.status === 409 || problem.fieldError('reason'))) && (
          <ErrorState error={decide.error} />
        )}
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" disabled={decide.isPending}>
            {decide.isPending ? 'Saving…' : verb}
          </Button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </ModalDialog>
  );
}

function Detail({ recommendation, refresh }: { recommendation: Recommendation; refresh: () => void }) {
  const styles = useStyles();
  const [asking, setAsking] = useState<Decision | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const decided = recommendation.status !== 'open' || recommendation.decision !== null;
  const currency = recommendation.currency;
  return (
    <>
      <PageHeader title={recommendation.title}>
        <StatusBadge status={recommendation.status} />
      </PageHeader>
      <Text as="p">{recommendation.summary}</Text>
      <div aria-live="polite">
        {done && (
          <MessageBar intent="success">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <Card>
        <dl className={styles.facts}>
          <dt className={styles.term}>Kind</dt>
          <dd>{kindLabel(recommendation.kind)}</dd>
          <dt className={styles.term}>Saving</dt>
          <dd>
            {formatMoney(recommendation.annualSaving, currency)} a year ·{' '}
            {formatMoney(recommendation.monthlySaving, currency)} a month
          </dd>
          <dt className={styles.term}>Companies</dt>
          <dd>{(recommendation.companyCodes ?? [recommendation.companyCode]).join(', ')}</dd>
          <dt className={styles.term}>Apps</dt>
          <dd>
            {(recommendation.appSlugs ?? []).map((slug, index) => (
              <span key={slug}>
                {index > 0 && ', '}
                <Link to={`/catalog/${encodeURIComponent(slug)}`}>{slug}</Link>
              </span>
            ))}
          </dd>
          <dt className={styles.term}>Answered by</dt>
          <dd>
            <AnsweredBy answeredBy={recommendation.answeredBy} />
          </dd>
          <dt className={styles.term}>Updated</dt>
          <dd>{formatDateTime(recommendation.updatedAt)}</dd>
        </dl>
      </Card>

      <section className={styles.section} aria-labelledby="decision-title">
        <Text as="h2" id="decision-title" size={500} weight="semibold">
          Decision
        </Text>
        {recommendation.decision ? (
          <Text>
            {recommendation.decision.status === 'accepted' ? 'Accepted' : 'Dismissed'} by{' '}
            {recommendation.decision.byName} on {formatDateTime(recommendation.decision.at)} — “
            {recommendation.decision.reason}”
          </Text>
        ) : decided ? (
          <Text>This recommendation is {recommendation.status}.</Text>
        ) : (
          <Text>Not decided yet.</Text>
        )}
        <div className={styles.row}>
          <Button appearance="primary" disabled={decided} onClick={() => setAsking('accept')}>
            Accept
          </Button>
          <Button disabled={decided} onClick={() => setAsking('dismiss')}>
            Dismiss
          </Button>
        </div>
      </section>

      <section className={styles.section} aria-labelledby="evidence-title">
        <Text as="h2" id="evidence-title" size={500} weight="semibold">
          Evidence
        </Text>
        <Evidence recommendation={recommendation} />
      </section>

      {asking && (
        <DecisionForm
          recommendation={recommendation}
          decision={asking}
          onClose={() => {
            setAsking(undefined);
            refresh();
          }}
          onDone={(saved) => {
            setAsking(undefined);
            setDone(saved.status === 'accepted' ? 'Recommendation accepted.' : 'Recommendation dismissed.');
          }}
        />
      )}
    </>
  );
}

export default function RecommendationDetailPage() {
  const { id = '' } = useParams();
  const detail = useRecommendation(id);
  if (detail.error instanceof ApiError && detail.error.status === 404)
    return (
      <>
        <PageHeader title="Recommendation not found" />
        <ErrorState error={detail.error} />
      </>
    );
  return (
    <QueryState query={detail} label="Loading the recommendation…">
      {(recommendation) => <Detail recommendation={recommendation} refresh={() => void detail.refetch()} />}
    </QueryState>
  );
}

// Unknown apps (Admin): names seen in usage ingest that match no catalog app, each with the catalog
// app the AI engine thinks it is (similarity, whether the model confirmed it, why, who answered).
// Accepting the candidate, or picking another app from a catalog search, makes the name an alias;
// the quarantined events for it are then ingested.
import {
  Badge,
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useCatalog, useCreateAlias, useUnknownApps } from '../api/queries';
import type { CreatedAlias, UnknownApp } from '../api/types';
import { AnsweredBy } from '../components/AnsweredBy';
import { ModalDialog } from '../components/ModalDialog';
import { PageHeader } from '../components/PageHeader';
import { ErrorState, Loading, QueryState } from '../components/PageState';
import { useDebounced } from '../components/useDebounced';
import { formatDateTime, formatNumber, formatShare } from '../format/format';

const useStyles = makeStyles({
  list: { display: 'grid', gap: '12px', listStyleType: 'none', margin: 0, padding: 0 },
  card: { display: 'grid', gap: '8px' },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: 0 },
  term: { fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'center' },
  form: { display: 'grid', gap: '12px' },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap', justifyContent: 'end' },
  results: { maxHeight: '18rem', overflowY: 'auto' },
});

function AppPicker({
  unknown,
  onClose,
  onDone,
}: {
  unknown: UnknownApp;
  onClose: () => void;
  onDone: (created: CreatedAlias) => void;
}) {
  const styles = useStyles();
  const [search, setSearch] = useState(unknown.candidate?.name ?? unknown.name);
  const catalog = useCatalog(useDebounced(search.trim(), 250));
  const [chosen, setChosen] = useState(unknown.candidate?.slug ?? '');
  const [tried, setTried] = useState(false);
  const alias = useCreateAlias();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!chosen) return;
    alias.mutate({ name: unknown.name, appSlug: chosen }, { onSuccess: onDone });
  };
  return (
    <ModalDialog title={<>Which app is “{unknown.name}”?</>} onClose={onClose}>
      <form onSubmit={submit} noValidate className={styles.form}>
        <Field label="Search the catalog">
          <Input type="search" value={search} onChange={(_e, d) => setSearch(d.value)} />
        </Field>
        <div className={styles.results} aria-live="polite">
          {catalog.error ? (
            <ErrorState error={catalog.error} />
          ) : !catalog.data ? (
            <Loading label="Searching…" />
          ) : catalog.data.items.length === 0 ? (
            <Text>No app matches “{search}”.</Text>
          ) : (
            <Field
              label="App"
              required
              validationMessage={tried && !chosen ? 'Choose the app this name stands for.' : undefined}
            >
              <RadioGroup value={chosen} onChange={(_e, d) => setChosen(d.value)}>
                {catalog.data.items.map((app) => (
                  <Radio
                    key={app.slug}
                    value={app.slug}
                    label={`${app.name} (${[app.vendor, app.category].filter(Boolean).join(' · ')})`}
                  />
                ))}
              </RadioGroup>
            </Field>
          )}
        </div>
        {alias.error && <ErrorState error={alias.error} />}
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" disabled={alias.isPending}>
            {alias.isPending ? 'Saving…' : 'Save alias'}
          </Button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </ModalDialog>
  );
}

function UnknownCard({
  unknown,
  onPick,
  onDone,
}: {
  unknown: UnknownApp;
  onPick: () => void;
  onDone: (created: CreatedAlias) => void;
}) {
  const styles = useStyles();
  const alias = useCreateAlias();
  const titleId = `unknown-${unknown.name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
  const candidate = unknown.candidate;
  return (
    <li>
      <Card className={styles.card} aria-labelledby={titleId}>
        <Text as="h2" id={titleId} size={400} weight="semibold">
          “{unknown.name}”
        </Text>
        <dl className={styles.facts}>
          <dt className={styles.term}>Events</dt>
          <dd>{formatNumber(unknown.events)}</dd>
          <dt className={styles.term}>Seen</dt>
          <dd>
            {formatDateTime(unknown.firstSeen)} – {formatDateTime(unknown.lastSeen)}
          </dd>
          <dt className={styles.term}>Companies</dt>
          <dd>{(unknown.companies ?? []).join(', ') || '—'}</dd>
          <dt className={styles.term}>Candidate</dt>
          <dd>
            {candidate ? (
              <>
                <Text weight="semibold">{candidate.name}</Text>, {formatShare(candidate.similarity)} similar{' '}
                <Badge appearance="tint" color={candidate.confirmed ? 'success' : 'warning'}>
                  {candidate.confirmed ? 'Confirmed' : 'Not confirmed'}
                </Badge>
              </>
            ) : (
              'None found'
            )}
          </dd>
          {candidate && (
            <>
              <dt className={styles.term}>Why</dt>
              <dd>{candidate.rationale || '—'}</dd>
              <dt className={styles.term}>Answered by</dt>
              <dd>
                <AnsweredBy answeredBy={candidate.answeredBy} />
              </dd>
            </>
          )}
        </dl>
        <div className={styles.row}>
          {candidate && (
            <Button
              appearance="primary"
              disabled={alias.isPending}
              onClick={() =>
                alias.mutate({ name: unknown.name, appSlug: candidate.slug }, { onSuccess: onDone })
              }
            >
              Accept {candidate.name} for “{unknown.name}”
            </Button>
          )}
          <Button onClick={onPick}>
            {candidate ? `Choose another app for “${unknown.name}”` : `Choose an app for “${unknown.name}”`}
          </Button>
        </div>
        {alias.error && <ErrorState error={alias.error} />}
      </Card>
    </li>
  );
}

export default function UnknownApps() {
  const styles = useStyles();
  const unknown = useUnknownApps();
  const [picking, setPicking] = useState<UnknownApp | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const onDone = (created: CreatedAlias) => {
    setPicking(undefined);
    setDone(
      `“${created.alias}” is now known as ${created.app.name}; ${formatNumber(created.reingested)} quarantined events ingested.`,
    );
  };
  return (
    <>
      <PageHeader title="Unknown apps" />
      <Text as="p">
        Names seen in usage events that match no catalog app. Their events wait in quarantine until the name
        is made an alias of a catalog app.
      </Text>
      <div aria-live="polite">
        {done && (
          <MessageBar intent="success">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <QueryState
        query={unknown}
        isEmpty={(d) => d.items.length === 0}
        empty="No unknown app names: every name seen in usage is in the catalog."
        label="Loading unknown apps…"
      >
        {(data) => (
          <ul className={styles.list} aria-label="Unknown app names">
            {data.items.map((item) => (
              <UnknownCard key={item.name} unknown={item} onPick={() => setPicking(item)} onDone={onDone} />
            ))}
          </ul>
        )}
      </QueryState>
      {picking && <AppPicker unknown={picking} onClose={() => setPicking(undefined)} onDone={onDone} />}
    </>
  );
}

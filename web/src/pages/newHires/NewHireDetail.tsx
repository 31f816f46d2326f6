// One new hire: the person and start date (HR moves it before the start, or cancels with a reason),
// the bundle and its cost, the purchase request's approval steps, the timeline, and the seats once
// the start date has come. Polled while it can still change (newHireQueries.ts).
import {
  Button,
  Card,
  Field,
  Input,
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
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import {
  useCancelHire,
  useMoveStartDate,
  useNewHire,
  useSubmitHire,
  useUpdateHireBundle,
} from '../../api/newHireQueries';
import type { NewHire } from '../../api/newHireTypes';
import { useMe } from '../../api/queries';
import { AnsweredBy } from '../../components/AnsweredBy';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, QueryState } from '../../components/PageState';
import { StatusBadge } from '../../components/StatusBadge';
import { approverLabel, formatDateTime, formatDay, formatMoney, humanize } from '../../format/format';
import { canRecordHires } from './access';
import { BundleEditor } from './BundleEditor';
import { CoverageBadge, ReasonList } from './bundleParts';
import { TemplatePicker } from './TemplatePicker';
import {
  bundleItems,
  hasErrors,
  linesFromHire,
  validateBundle,
  type BundleLine,
  type Errors,
} from './wizardModel';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: 0 },
  term: { fontWeight: tokens.fontWeightSemibold },
  section: { marginTop: '24px', display: 'grid', gap: '8px' },
  list: { margin: 0, paddingLeft: '20px', display: 'grid', gap: '8px' },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'end' },
  scroll: { overflowX: 'auto' },
});

const TIMELINE_LABEL: Record<string, string> = {
  recorded: 'Recorded',
  'bundle-changed': 'Bundle changed',
  submitted: 'Request submitted',
  approved: 'Request approved',
  'start-date-moved': 'Start date moved',
  started: 'Started',
  cancelled: 'Cancelled',
};

function MoveStartDate({ hire }: { hire: NewHire }) {
  const styles = useStyles();
  const move = useMoveStartDate(hire.id);
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState(hire.startDate);
  const [error, setError] = useState<string>();
  if (!open) return <Button onClick={() => setOpen(true)}>Move the start date</Button>;
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!date) return setError('Give the new start date.');
    if (date < new Date().toISOString().slice(0, 10))
      return setError('The start date cannot be in the past.');
    setError(undefined);
    move.mutate(date, { onSuccess: () => setOpen(false) });
  };
  const serverError = move.error instanceof ApiError ? move.error.fieldError('startDate') : undefined;
  return (
    <form className={styles.row} onSubmit={save} noValidate aria-label="Move the start date">
      <Field label="New start date" validationMessage={error ?? serverError}>
        <Input type="date" value={date} onChange={(_e, d) => setDate(d.value)} />
      </Field>
      <Button appearance="primary" type="submit" disabled={move.isPending}>
        Save the date
      </Button>
      <Button onClick={() => setOpen(false)}>Keep {formatDay(hire.startDate)}</Button>
      {move.error && !serverError && <ErrorState error={move.error} />}
    </form>
  );
}

function CancelHire({ hire }: { hire: NewHire }) {
  const styles = useStyles();
  const cancel = useCancelHire(hire.id);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  if (!open) return <Button onClick={() => setOpen(true)}>Cancel the hire</Button>;
  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length < 3) return setError('Say why the hire is cancelled.');
    setError(undefined);
    cancel.mutate(reason.trim(), { onSuccess: () => setOpen(false) });
  };
  const serverError = cancel.error instanceof ApiError ? cancel.error.fieldError('reason') : undefined;
  return (
    <form className={styles.row} onSubmit={confirm} noValidate aria-label="Cancel the hire">
      <Field label="Reason" required validationMessage={error ?? serverError}>
        <Textarea value={reason} maxLength={2000} onChange={(_e, d) => setReason(d.value)} />
      </Field>
      <Button appearance="primary" type="submit" disabled={cancel.isPending}>
        Yes, cancel the hire
      </Button>
      <Button onClick={() => setOpen(false)}>Keep the hire</Button>
      {cancel.error && !serverError && <ErrorState error={cancel.error} />}
    </form>
  );
}

/**
 * A draft's bundle, adjusted here as in the wizard (the same editor) or replaced by a purchase
 * template; saved against the revision read when the editing began, so a change someone else made
 * meanwhile is refused (409) rather than overwritten.
 */
function AdjustDraftBundle({
  hire,
  editing,
  setEditing,
}: {
  hire: NewHire;
  /** the revision the editing began from; null while not editing */
  editing: { revision: number } | null;
  setEditing: (editing: { revision: number } | null) => void;
}) {
  const styles = useStyles();
  const update = useUpdateHireBundle(hire.id);
  const [lines, setLinesState] = useState<BundleLine[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const setLines = useMemo(() => (change: (l: BundleLine[]) => BundleLine[]) => setLinesState(change), []);
  if (!editing)
    return (
      <div className={styles.row}>
        <Button
          onClick={() => {
            update.reset();
            setErrors({});
            setLinesState(linesFromHire(hire));
            setEditing({ revision: hire.revision });
          }}
        >
          Adjust the bundle
        </Button>
      </div>
    );
  const done = () => setEditing(null);
  const refused = (error: unknown) => {
    if (!(error instanceof ApiError) || error.fieldErrors.length === 0) return;
    const found: Errors = {};
    for (const e of error.fieldErrors) {
      const field = e.path.split('.')[0] ?? e.path;
      found[field === 'items' ? 'bundle' : field] = e.message;
    }
    setErrors(found);
  };
  const save = () => {
    const found = validateBundle(lines);
    setErrors(found);
    if (hasErrors(found)) return;
    update.mutate(
      { revision: editing.revision, items: bundleItems(lines) },
      { onSuccess: done, onError: refused },
    );
  };
  const fieldRefusal = update.error instanceof ApiError && update.error.fieldErrors.length > 0;
  return (
    <div aria-label="Adjust the bundle" role="group">
      <TemplatePicker
        companyCode={hire.companyCode}
        busy={update.isPending}
        error={errors.templateId ?? errors.optionalItems}
        onLoad={(template, optionalItems) =>
          update.mutate(
            { revision: editing.revision, templateId: template.id, optionalItems },
            { onSuccess: done, onError: refused },
          )
        }
      />
      <BundleEditor
        lines={lines}
        setLines={setLines}
        companyCode={hire.companyCode}
        currency={hire.currency}
        errors={errors}
      >
        <div className={styles.row} style={{ marginTop: 12 }}>
          <Button appearance="primary" disabled={update.isPending} onClick={save}>
            {update.isPending ? 'Saving…' : 'Save the bundle'}
          </Button>
          <Button disabled={update.isPending} onClick={done}>
            Discard the changes
          </Button>
        </div>
        {update.error && !fieldRefusal && <ErrorState error={update.error} />}
      </BundleEditor>
    </div>
  );
}

/** A draft (the wizard's submit stopped after recording it): submit its bundle as it is. */
function SubmitDraft({ hire, editing }: { hire: NewHire; editing: boolean }) {
  const submit = useSubmitHire(hire.id);
  return (
    <>
      {editing && <Text>Save or discard the bundle’s changes before submitting.</Text>}
      <Button
        appearance="primary"
        disabled={submit.isPending || hire.bundle.length === 0 || editing}
        onClick={() => submit.mutate(undefined)}
      >
        Submit the request
      </Button>
      {submit.error && <ErrorState error={submit.error} />}
    </>
  );
}

function Detail({ hire }: { hire: NewHire }) {
  const styles = useStyles();
  const me = useMe().data!;
  const writes = canRecordHires(me) && (hire.status === 'draft' || hire.status === 'requested');
  const [editing, setEditing] = useState<{ revision: number } | null>(null);
  return (
    <>
      <PageHeader title={hire.person.displayName}>
        <StatusBadge status={hire.status} />
      </PageHeader>
      {hire.status === 'cancelled' && (
        <MessageBar intent="info">
          <MessageBarBody>This hire was cancelled.</MessageBarBody>
        </MessageBar>
      )}
      <Card>
        <dl className={styles.facts}>
          <dt className={styles.term}>Job title</dt>
          <dd>
            {hire.person.jobTitle}
            {hire.seniority ? ` (${humanize(hire.seniority)})` : ''}
          </dd>
          <dt className={styles.term}>E-mail</dt>
          <dd>{hire.person.email}</dd>
          <dt className={styles.term}>Company</dt>
          <dd>
            {hire.companyCode}
            {hire.person.department ? ` · ${hire.person.department}` : ''}
          </dd>
          <dt className={styles.term}>Manager</dt>
          <dd>{hire.manager ? `${hire.manager.displayName} (${hire.manager.email})` : '—'}</dd>
          <dt className={styles.term}>Start date</dt>
          <dd>{formatDay(hire.startDate)}</dd>
          <dt className={styles.term}>Employee status</dt>
          <dd>{humanize(hire.person.status)}</dd>
        </dl>
      </Card>
      {writes && (
        <div className={styles.row} style={{ marginTop: 12 }}>
          {hire.status === 'draft' && <SubmitDraft hire={hire} editing={editing !== null} />}
          <MoveStartDate key={hire.startDate} hire={hire} />
          <CancelHire hire={hire} />
        </div>
      )}

      <section className={styles.section} aria-labelledby="hire-bundle-title">
        <Text as="h2" id="hire-bundle-title" size={500} weight="semibold">
          Bundle: {formatMoney(hire.bundleMonthlyCost, hire.currency)} a month
        </Text>
        {writes && hire.status === 'draft' && (
          <AdjustDraftBundle hire={hire} editing={editing} setEditing={setEditing} />
        )}
        {hire.template && (
          <Text>
            From the template {hire.template.name} (version {hire.template.version})
          </Text>
        )}
        {hire.bundle.length === 0 ? (
          <Text>The bundle is empty.</Text>
        ) : (
          <div className={styles.scroll}>
            <Table aria-labelledby="hire-bundle-title" style={{ minWidth: '720px' }}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell style={{ width: '16%' }}>App</TableHeaderCell>
                  <TableHeaderCell style={{ width: '12%' }}>Plan</TableHeaderCell>
                  <TableHeaderCell style={{ width: '10%' }}>Per month</TableHeaderCell>
                  <TableHeaderCell style={{ width: '16%' }}>Seat</TableHeaderCell>
                  <TableHeaderCell>Why</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {hire.bundle.map((item) => (
                  <TableRow key={item.app.slug}>
                    <TableCell>{item.app.name}</TableCell>
                    <TableCell>{item.plan?.name ?? '—'}</TableCell>
                    <TableCell>
                      {item.plan?.pricingModel === 'pay_per_use'
                        ? 'priced by use'
                        : formatMoney(item.monthlyCost, hire.currency)}
                    </TableCell>
                    <TableCell>
                      <CoverageBadge coverage={item.coverage} companyCode={hire.companyCode} />
                    </TableCell>
                    <TableCell>
                      {item.source === 'added' ? (
                        'Added by HR'
                      ) : item.source === 'template' ? (
                        'From the template'
                      ) : (
                        <ReasonList
                          reasons={item.reasons}
                          extracted={hire.match?.extracted}
                          label={`Why ${item.app.name}`}
                        />
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        {hire.match && (
          <Text size={200}>
            Proposed by <AnsweredBy answeredBy={hire.match.answeredBy} />
          </Text>
        )}
      </section>

      <section className={styles.section} aria-labelledby="hire-request-title">
        <Text as="h2" id="hire-request-title" size={500} weight="semibold">
          Request
        </Text>
        {!hire.request ? (
          <Text>Not submitted yet.</Text>
        ) : (
          <>
            <div className={styles.row}>
              <Link to={`/requests/${encodeURIComponent(hire.request.id)}`}>{hire.request.code}</Link>
              <StatusBadge status={hire.request.status} />
            </div>
            {hire.request.steps.length === 0 ? (
              <Text>No approval steps.</Text>
            ) : (
              <ol className={styles.list} aria-label="Approval steps">
                {hire.request.steps.map((s) => (
                  <li key={s.step}>
                    <Text weight="semibold">{approverLabel(s.kind)}</Text>: {s.approver}{' '}
                    <StatusBadge status={s.status} />
                  </li>
                ))}
              </ol>
            )}
          </>
        )}
      </section>

      <section className={styles.section} aria-labelledby="hire-seats-title">
        <Text as="h2" id="hire-seats-title" size={500} weight="semibold">
          Seats
        </Text>
        {hire.seats.length === 0 ? (
          <Text>
            {hire.status === 'started'
              ? 'No seat was assigned.'
              : `Seats are assigned on the start date, ${formatDay(hire.startDate)}.`}
          </Text>
        ) : (
          <ul className={styles.list} aria-label="Seats">
            {hire.seats.map((seat) => (
              <li key={`${seat.app.slug}-${seat.contractCompanyCode}`}>
                <Text weight="semibold">{seat.app.name}</Text> — contract of {seat.contractCompanyCode}, since{' '}
                {formatDateTime(seat.assignedAt)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className={styles.section} aria-labelledby="hire-timeline-title">
        <Text as="h2" id="hire-timeline-title" size={500} weight="semibold">
          Timeline
        </Text>
        <ol className={styles.list} aria-live="polite">
          {hire.timeline.map((t, index) => (
            <li key={`${t.at}-${index}`}>
              <time dateTime={t.at}>{formatDateTime(t.at)}</time> —{' '}
              {TIMELINE_LABEL[t.what] ?? humanize(t.what)}
              {t.detail && <>: {t.detail}</>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

export default function NewHireDetail() {
  const { id = '' } = useParams();
  const hire = useNewHire(id);
  if (hire.error instanceof ApiError && hire.error.status === 404)
    return (
      <>
        <PageHeader title="New hire not found" />
        <ErrorState error={hire.error} />
      </>
    );
  return (
    <QueryState query={hire} label="Loading the new hire…">
      {(data) => <Detail hire={data} />}
    </QueryState>
  );
}

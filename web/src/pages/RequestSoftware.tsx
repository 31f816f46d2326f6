// Request software: search the catalog (plans and prices in my company's currency, free seats here
// and at siblings that share, apps we already own in the same category), put apps on a request,
// say for whom, why and by when, see the server's price, and submit; then the request's page.
import {
  Button,
  Card,
  CardHeader,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useCatalog, useCreateRequest, useMe, usePeople, useQuote } from '../api/queries';
import type { CatalogApp, DraftRequest } from '../api/types';
import { PageHeader } from '../components/PageHeader';
import { ErrorState, QueryState } from '../components/PageState';
import { useDebounced } from '../components/useDebounced';
import { formatMoney, formatNumber } from '../format/format';

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gap: '24px',
    gridTemplateColumns: 'minmax(0, 1fr)',
    '@media (min-width: 960px)': { gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)' },
  },
  list: { display: 'grid', gap: '12px', listStyleType: 'none', margin: '12px 0 0', padding: 0 },
  facts: { margin: '4px 0', paddingLeft: '20px' },
  muted: { color: tokens.colorNeutralForeground2 },
  form: { display: 'grid', gap: '12px' },
  item: {
    display: 'grid',
    gap: '8px',
    padding: '12px',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'end' },
});

interface ItemDraft {
  key: number;
  app: CatalogApp;
  plan: string;
  /** as typed; the draft sends a whole number of at least 1 */
  seats: string;
  forEmployee: string;
}

const seatCount = (text: string): number => Math.max(1, Math.floor(Number(text)) || 1);

const planValue = (plan: CatalogApp['plans'][number]): string => plan.code ?? String(plan.id);
const inTwoWeeks = (): string => new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

function AppCard({ app, onAdd }: { app: CatalogApp; onAdd: () => void }) {
  const styles = useStyles();
  const titleId = `app-${app.slug}`;
  return (
    <li>
      <Card aria-labelledby={titleId}>
        <CardHeader
          header={
            <Text as="h3" id={titleId} weight="semibold" size={400}>
              {app.name}
            </Text>
          }
          description={
            <span className={styles.muted}>
              {app.vendor} · {app.category}
            </span>
          }
          action={
            <Button onClick={onAdd} aria-label={`Add ${app.name} to the request`}>
              Add
            </Button>
          }
        />
        <Text>{app.description}</Text>
        <ul className={styles.facts}>
          {app.plans.map((p) => (
            <li key={String(p.id)}>
              {p.name}:{' '}
              {p.monthlyPrice === null
                ? 'priced by use'
                : `${formatMoney(p.monthlyPrice, p.currency)} per seat a month`}
            </li>
          ))}
          <li>
            Free seats in my company: {formatNumber(app.freeSeats.own)}
            {app.freeSeats.affiliates.length > 0 &&
              `; at ${app.freeSeats.affiliates.map((a) => `${a.companyName} (${formatNumber(a.seats)})`).join(', ')}`}
          </li>
          {app.ownedAlternatives.length > 0 && (
            <li>We already have: {app.ownedAlternatives.map((a) => a.name).join(', ')}</li>
          )}
        </ul>
        <Link to={`/catalog/${encodeURIComponent(app.slug)}`}>
          More about {app.name} and apps that overlap
        </Link>
      </Card>
    </li>
  );
}

export default function RequestSoftware() {
  const styles = useStyles();
  const navigate = useNavigate();
  const me = useMe().data!;
  const [search, setSearch] = useState('');
  const catalog = useCatalog(useDebounced(search.trim(), 250));
  const people = usePeople('');
  const [items, setItems] = useState<ItemDraft[]>([]);
  const [justification, setJustification] = useState('');
  const [neededBy, setNeededBy] = useState(inTwoWeeks);
  const [nextKey, setNextKey] = useState(1);
  const create = useCreateRequest();

  const draft: DraftRequest | undefined = useMemo(
    () =>
      items.length === 0
        ? undefined
        : {
            items: items.map((i) => ({
              app: i.app.slug,
              ...(i.plan ? { plan: i.plan } : {}),
              seats: seatCount(i.seats),
              ...(i.forEmployee ? { forEmployee: i.forEmployee } : {}),
            })),
            ...(neededBy ? { neededBy } : {}),
          },
    [items, neededBy],
  );
  const quote = useQuote(useDebounced(draft, 300));
  const problem =
    create.error instanceof ApiError
      ? create.error
      : quote.error instanceof ApiError
        ? quote.error
        : undefined;
  const fieldError = (path: string) => problem?.fieldError(path);

  const add = (app: CatalogApp) => {
    setItems((list) => [
      ...list,
      { key: nextKey, app, plan: app.plans[0] ? planValue(app.plans[0]) : '', seats: '1', forEmployee: '' },
    ]);
    setNextKey((k) => k + 1);
  };
  const update = (key: number, change: Partial<ItemDraft>) =>
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...change } : i)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    create.mutate(
      { ...draft, justification },
      { onSuccess: (created) => void navigate(`/requests/${created.id}`) },
    );
  };

  return (
    <>
      <PageHeader title="Request software" />
      <div className={styles.layout}>
        <section aria-labelledby="catalog-title">
          <Text as="h2" id="catalog-title" size={500} weight="semibold">
            Catalog
          </Text>
          <Field label="Search by name, vendor, category or feature">
            <Input type="search" value={search} onChange={(_e, d) => setSearch(d.value)} />
          </Field>
          <QueryState
            query={catalog}
            isEmpty={(d) => d.items.length === 0}
            empty={search ? `No app matches “${search}”.` : 'The catalog is empty.'}
          >
            {(data) => (
              <ul className={styles.list} aria-label="Apps">
                {data.items.map((app) => (
                  <AppCard key={app.slug} app={app} onAdd={() => add(app)} />
                ))}
              </ul>
            )}
          </QueryState>
        </section>

        <section aria-labelledby="request-title">
          <Text as="h2" id="request-title" size={500} weight="semibold">
            Your request
          </Text>
          <form className={styles.form} onSubmit={submit} noValidate>
            {items.length === 0 && <Text>Add apps from the catalog.</Text>}
            {items.map((item, index) => (
              <fieldset key={item.key} className={styles.item}>
                <legend>
                  <Text weight="semibold">{item.app.name}</Text>
                </legend>
                <div className={styles.row}>
                  <Field label="Plan" validationMessage={fieldError(`items.${index}.plan`)}>
                    <Select value={item.plan} onChange={(_e, d) => update(item.key, { plan: d.value })}>
                      {item.app.plans.map((p) => (
                        <option key={String(p.id)} value={planValue(p)}>
                          {p.name}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field label="Seats" validationMessage={fieldError(`items.${index}.seats`)}>
                    <Input
                      type="number"
                      min={1}
                      max={10000}
                      value={item.seats}
                      onChange={(_e, d) => update(item.key, { seats: d.value })}
                    />
                  </Field>
                  <Field label="For" validationMessage={fieldError(`items.${index}.forEmployee`)}>
                    <Select
                      value={item.forEmployee}
                      onChange={(_e, d) => update(item.key, { forEmployee: d.value })}
                    >
                      {/* Seats for no one person are a team's: the server assigns none of them. */}
                      <option value="">
                        {seatCount(item.seats) > 1
                          ? 'The team (no one person)'
                          : `Myself (${me.employee.displayName})`}
                      </option>
                      {(people.data?.items ?? [])
                        .filter((p) => p.email.toLowerCase() !== me.employee.email.toLowerCase())
                        .map((p) => (
                          <option key={p.id} value={p.email}>
                            {p.displayName}
                          </option>
                        ))}
                    </Select>
                  </Field>
                  <Button onClick={() => setItems((list) => list.filter((i) => i.key !== item.key))}>
                    Remove {item.app.name}
                  </Button>
                </div>
                {fieldError(`items.${index}`) && <Text role="alert">{fieldError(`items.${index}`)}</Text>}
              </fieldset>
            ))}
            <Field
              label="Justification"
              required
              hint="Say in a sentence why this is needed."
              validationMessage={fieldError('justification')}
            >
              <Textarea
                value={justification}
                onChange={(_e, d) => setJustification(d.value)}
                maxLength={4000}
              />
            </Field>
            <Field label="Needed by" required validationMessage={fieldError('neededBy')}>
              <Input type="date" value={neededBy} onChange={(_e, d) => setNeededBy(d.value)} />
            </Field>
            <div aria-live="polite">
              {items.length > 0 &&
                (quote.data ? (
                  <Card>
                    <Text weight="semibold">
                      {formatMoney(quote.data.monthly, quote.data.currency)} a month ·{' '}
                      {formatMoney(quote.data.annual, quote.data.currency)} a year
                    </Text>
                    <ul className={styles.facts}>
                      {quote.data.items.map((line) => (
                        <li key={line.line}>
                          {line.appName} ({line.planName}), {formatNumber(line.seats)} ×{' '}
                          {formatMoney(line.unitPrice, quote.data.currency)} ={' '}
                          {formatMoney(line.monthly, quote.data.currency)} a month
                        </li>
                      ))}
                    </ul>
                  </Card>
                ) : quote.isFetching ? (
                  <Text>Pricing…</Text>
                ) : null)}
            </div>
            {problem && problem.fieldErrors.length === 0 && <ErrorState error={problem} />}
            {create.isSuccess && (
              <MessageBar intent="success">
                <MessageBarBody>Request created.</MessageBarBody>
              </MessageBar>
            )}
            <div className={styles.row}>
              <Button appearance="primary" type="submit" disabled={items.length === 0 || create.isPending}>
                Submit request
              </Button>
            </div>
          </form>
        </section>
      </div>
    </>
  );
}

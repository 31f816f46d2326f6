// A recommendation's evidence, read defensively: the API's evidence is kind-specific and may grow, so
// every field is checked before it is shown, a missing one shows as "—", and anything this page does
// not know (another kind, or evidence without the expected parts) is shown as a plain key/value table.
import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { Recommendation } from '../api/types';
import { formatDay, formatMoney, formatNumber, formatShare, humanize } from '../format/format';

type Loose = Record<string, unknown>;

const isRecord = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const record = (value: unknown): Loose => (isRecord(value) ? value : {});
const records = (value: unknown): Loose[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const currencyOf = (value: unknown, fallback: string): string =>
  typeof value === 'string' && /^[A-Za-z]{3}$/.test(value.trim()) ? value.trim().toUpperCase() : fallback;
const money = (value: unknown, currency: string): string => formatMoney(num(value), currency);

const useStyles = makeStyles({
  section: { marginTop: '16px', display: 'grid', gap: '8px' },
  scroll: { overflowX: 'auto' },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: 0 },
  term: { fontWeight: tokens.fontWeightSemibold },
  code: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
});

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-labelledby={id}>
      <Text as="h3" id={id} size={400} weight="semibold">
        {title}
      </Text>
      {children}
    </section>
  );
}

function SimpleTable({
  labelledBy,
  head,
  rows,
}: {
  labelledBy: string;
  head: string[];
  rows: ReactNode[][];
}) {
  const styles = useStyles();
  return (
    <div className={styles.scroll}>
      <Table aria-labelledby={labelledBy} size="small">
        <TableHeader>
          <TableRow>
            {head.map((h) => (
              <TableHeaderCell key={h}>{h}</TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((cells, r) => (
            <TableRow key={r}>
              {cells.map((cell, c) => (
                <TableCell key={c}>{cell ?? '—'}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

const describe = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 500 ? `${json.slice(0, 500)}…` : json;
  } catch {
    return '(not shown)';
  }
};

/** Any evidence as a key/value table: what the page shows for what it does not know. */
export function GenericEvidence({ evidence, title = 'Evidence' }: { evidence: unknown; title?: string }) {
  const styles = useStyles();
  const entries = Object.entries(record(evidence));
  return (
    <Section id="evidence-generic" title={title}>
      {entries.length === 0 ? (
        <Text>No evidence was recorded.</Text>
      ) : (
        <SimpleTable
          labelledBy="evidence-generic"
          head={['Field', 'Value']}
          rows={entries.map(([key, value]) => [
            humanize(key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()),
            <span key={key} className={styles.code}>
              {describe(value)}
            </span>,
          ])}
        />
      )}
    </Section>
  );
}

// The shape F1 writes (shared/ai/recommendations/crossSubsidiaryMatch.ts, CrossSubsidiaryEvidence):
// the app, each contract (company, plan, seats, its own price and the same in EUR a month, renewal and
// notice deadline), the spread of the EUR prices, and the group agreement it proposes: the best price
// a subsidiary pays or the vendor's volume tier for all the seats (`chosen`).
function CrossSubsidiaryEvidence({ recommendation }: { recommendation: Recommendation }) {
  const styles = useStyles();
  const evidence = record(recommendation.evidence);
  const app = record(evidence.app);
  const contracts = records(evidence.contracts);
  const spread = record(evidence.spread);
  const best = record(evidence.bestPrice);
  const tier = record(evidence.volumeTier);
  const chosen = text(evidence.chosen);
  const groupUnitPrice = chosen === 'volume-tier' ? tier.unitPriceEur : best.unitPriceEur;
  return (
    <>
      {text(app.name) && (
        <Text>
          App: <strong>{text(app.name)}</strong>
          {text(app.vendor) ? ` (${text(app.vendor)})` : ''}
        </Text>
      )}
      <Section id="evidence-contracts" title="Contracts">
        {contracts.length === 0 ? (
          <Text>No contracts were recorded.</Text>
        ) : (
          <SimpleTable
            labelledBy="evidence-contracts"
            head={['Company', 'Seats', 'Unit price', 'Monthly unit price (EUR)', 'Renewal', 'Notice by']}
            rows={contracts.map((c) => {
              const company = record(c.company);
              return [
                text(company.name) ?? text(company.code) ?? text(c.companyName) ?? text(c.companyCode),
                formatNumber(num(c.seats)),
                money(c.unitPrice, currencyOf(c.currency, 'EUR')),
                money(c.monthlyUnitPriceEur, 'EUR'),
                formatDay(text(c.renewalDate)),
                formatDay(text(c.noticeDeadline)),
              ];
            })}
          />
        )}
      </Section>
      {Object.keys(spread).length > 0 && (
        <Section id="evidence-spread" title="Price spread (monthly unit price, EUR)">
          <SimpleTable
            labelledBy="evidence-spread"
            head={['Lowest', 'Lower quartile', 'Median', 'Upper quartile', 'Highest']}
            rows={[[spread.min, spread.q1, spread.median, spread.q3, spread.max].map((v) => money(v, 'EUR'))]}
          />
        </Section>
      )}
      {chosen !== undefined && (
        <Section id="evidence-group-price" title="One group agreement">
          <dl className={styles.facts}>
            <dt className={styles.term}>Unit price</dt>
            <dd>{money(groupUnitPrice, 'EUR')} per seat a month</dd>
            <dt className={styles.term}>Basis</dt>
            <dd>
              {chosen === 'best-price'
                ? `The best price any subsidiary pays${text(best.companyCode) ? ` (${text(best.companyCode)})` : ''}`
                : chosen === 'volume-tier'
                  ? `The vendor's volume tier for all ${formatNumber(num(evidence.combinedSeats))} seats together`
                  : chosen}
            </dd>
            <dt className={styles.term}>Spend a month now</dt>
            <dd>{money(evidence.currentMonthlySpendEur, 'EUR')}</dd>
            <dt className={styles.term}>Spend a month with it</dt>
            <dd>{money(evidence.groupMonthlySpendEur, 'EUR')}</dd>
            <dt className={styles.term}>Next renewal</dt>
            <dd>{formatDay(text(evidence.nextRenewal))}</dd>
          </dl>
        </Section>
      )}
    </>
  );
}

// The shape F2 writes (shared/ai/recommendations/consolidation.ts, ConsolidationEvidence): the cluster
// (its category and slugs), each app's figures with its keep score (score.total), which app to keep
// and why (keep), the apps that go (remove), and the extra seats the kept app needs.
function ConsolidationEvidence({ recommendation }: { recommendation: Recommendation }) {
  const styles = useStyles();
  const evidence = record(recommendation.evidence);
  const cluster = record(evidence.cluster);
  const apps = records(evidence.apps);
  const keep = record(evidence.keep);
  const removed = Array.isArray(evidence.remove) ? evidence.remove.filter((s) => typeof s === 'string') : [];
  const keptSlug = text(keep.slug);
  const keptApp = apps.find((a) => keptSlug !== undefined && text(a.slug) === keptSlug);
  const currency = currencyOf(evidence.currency ?? recommendation.currency, 'EUR');
  const verdict = (slug: string | undefined) =>
    slug === undefined ? '—' : slug === keptSlug ? 'Keep' : removed.includes(slug) ? 'Move off' : '—';
  const score = (value: unknown) => {
    const total = num(record(value).total) ?? num(value);
    return total === undefined ? '—' : formatNumber(Math.round(total * 100) / 100);
  };
  return (
    <>
      {text(cluster.category) && (
        <Text>
          Apps that do the same job: <strong>{text(cluster.category)}</strong>
        </Text>
      )}
      <Section id="evidence-apps" title="Apps in the cluster">
        {apps.length === 0 ? (
          <Text>No apps were recorded.</Text>
        ) : (
          <SimpleTable
            labelledBy="evidence-apps"
            head={[
              'App',
              'Spend a month',
              'Seats',
              'Active in 30 days',
              'Active users',
              'Shared users',
              'Keep',
              'Score',
            ]}
            rows={apps.map((a) => [
              text(a.name) ?? text(a.slug),
              money(a.monthlySpend, currency),
              formatNumber(num(a.seats)),
              formatShare(num(a.activeShare)),
              formatNumber(num(a.activeUsers)),
              formatNumber(num(a.sharedUsers)),
              verdict(text(a.slug)),
              score(a.score),
            ])}
          />
        )}
      </Section>
      {(Object.keys(keep).length > 0 || num(evidence.extraSeats) !== undefined) && (
        <Section id="evidence-kept" title="What to keep">
          <dl className={styles.facts}>
            <dt className={styles.term}>Keep</dt>
            <dd>{text(keptApp?.name) ?? keptSlug ?? '—'}</dd>
            <dt className={styles.term}>Why</dt>
            <dd>{text(keep.why) ?? '—'}</dd>
            <dt className={styles.term}>Extra seats it needs</dt>
            <dd>{formatNumber(num(evidence.extraSeats))}</dd>
            <dt className={styles.term}>Their cost</dt>
            <dd>{money(evidence.extraSeatsMonthlyCost, currency)} a month</dd>
          </dl>
        </Section>
      )}
    </>
  );
}

const KNOWN: Record<string, string[]> = {
  'cross-subsidiary-match': ['app', 'contracts', 'spread', 'chosen'],
  consolidation: ['cluster', 'apps', 'keep', 'remove', 'extraSeats', 'extraSeatsMonthlyCost'],
};

export function Evidence({ recommendation }: { recommendation: Recommendation }) {
  const evidence = record(recommendation.evidence);
  const known = KNOWN[recommendation.kind];
  // A kind this page does not know, or evidence with none of the parts it expects: show it as is.
  if (!known || !known.some((key) => key in evidence)) return <GenericEvidence evidence={evidence} />;
  const rest = Object.fromEntries(Object.entries(evidence).filter(([key]) => !known.includes(key)));
  return (
    <>
      {recommendation.kind === 'consolidation' ? (
        <ConsolidationEvidence recommendation={recommendation} />
      ) : (
        <CrossSubsidiaryEvidence recommendation={recommendation} />
      )}
      {Object.keys(rest).length > 0 && <GenericEvidence evidence={rest} title="More evidence" />}
    </>
  );
}

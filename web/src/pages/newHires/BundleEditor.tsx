// The bundle editor the wizard's adjust step and a draft hire's page share (wizardModel.ts holds
// its rules): remove, change plan, add from a catalog search, with the totals.
import {
  Button,
  Card,
  CardHeader,
  Field,
  Input,
  makeStyles,
  Select,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useCatalog, useCatalogApp } from '../../api/queries';
import type { CatalogApp } from '../../api/types';
import { QueryState } from '../../components/PageState';
import { useDebounced } from '../../components/useDebounced';
import { formatMoney } from '../../format/format';
import { confidenceText, CoverageBadge } from './bundleParts';
import {
  addApp,
  bundleTotals,
  changePlan,
  costText,
  planChoices,
  removeLine,
  withCoverage,
  withPlans,
  type BundleLine,
  type Errors,
} from './wizardModel';

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground2 },
  list: { display: 'grid', gap: '12px', listStyleType: 'none', margin: '12px 0 0', padding: 0 },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'end' },
  layout: {
    display: 'grid',
    gap: '24px',
    gridTemplateColumns: 'minmax(0, 1fr)',
    '@media (min-width: 960px)': { gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)' },
  },
});

/** Loads an app's plans from the catalog so the person can change plan; shows nothing itself. */
function PlanLoader({ slug, onApp }: { slug: string; onApp: (slug: string, app: CatalogApp) => void }) {
  const detail = useCatalogApp(slug);
  useEffect(() => {
    if (detail.data) onApp(slug, detail.data);
  }, [detail.data, slug, onApp]);
  return null;
}

/**
 * The bundle as HR adjusts it: remove a line, change its plan, add an app found in the catalog;
 * the totals follow. The wizard's step 4 and a draft hire's page both use it; `children` come under
 * the totals (the wizard's justification, the hire page's save button).
 */
export function BundleEditor({
  lines,
  setLines,
  companyCode,
  currency,
  errors,
  children,
}: {
  lines: BundleLine[];
  setLines: (update: (lines: BundleLine[]) => BundleLine[]) => void;
  companyCode: string;
  currency: string;
  errors: Errors;
  children?: ReactNode;
}) {
  const styles = useStyles();
  const [search, setSearch] = useState('');
  const term = useDebounced(search.trim(), 250);
  const catalog = useCatalog(term);
  const totals = bundleTotals(lines);
  const onApp = useMemo(
    () => (slug: string, app: CatalogApp) =>
      setLines((list) => withCoverage(withPlans(list, slug, planChoices(app)), app, companyCode)),
    [setLines, companyCode],
  );
  return (
    <div className={styles.layout}>
      <section aria-labelledby="bundle-title">
        <Text as="h3" id="bundle-title" size={400} weight="semibold">
          The bundle
        </Text>
        {errors.bundle && (
          <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
            {errors.bundle}
          </Text>
        )}
        <ul className={styles.list} aria-label="Apps in the bundle">
          {lines.map((line) => (
            <li key={line.slug}>
              <PlanLoader slug={line.slug} onApp={onApp} />
              <Card aria-labelledby={`line-${line.slug}`}>
                <CardHeader
                  header={
                    <Text as="h4" id={`line-${line.slug}`} weight="semibold">
                      {line.rank !== undefined ? `${line.rank}. ` : ''}
                      {line.name}
                    </Text>
                  }
                  description={
                    <span className={styles.muted}>
                      {line.source === 'added'
                        ? 'Added by you'
                        : line.source === 'template'
                          ? 'From the template'
                          : confidenceText(line.confidence)}
                    </span>
                  }
                  action={
                    <Button onClick={() => setLines((list) => removeLine(list, line.slug))}>
                      Remove {line.name}
                    </Button>
                  }
                />
                <div className={styles.row}>
                  <Field label={`Plan for ${line.name}`}>
                    <Select
                      value={line.plan.code}
                      onChange={(_e, d) => setLines((list) => changePlan(list, line.slug, d.value))}
                    >
                      {line.plans.map((p) => (
                        <option key={p.code} value={p.code}>
                          {p.name}
                          {p.monthlyPrice === null
                            ? ' (priced by use)'
                            : ` (${formatMoney(p.monthlyPrice, currency)})`}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Text weight="semibold">{costText(line, (n) => formatMoney(n, currency))}</Text>
                  <CoverageBadge coverage={line.coverage} companyCode={companyCode} />
                </div>
              </Card>
            </li>
          ))}
        </ul>
        <Card aria-live="polite" aria-label="Totals" style={{ marginTop: 12 }}>
          <Text weight="semibold">
            {totals.apps} {totals.apps === 1 ? 'app' : 'apps'}: {formatMoney(totals.monthly, currency)} a
            month · {formatMoney(totals.annual, currency)} a year
          </Text>
          <Text>
            {totals.covered} on free seats; {totals.toPurchase} to purchase (
            {formatMoney(totals.toPurchaseMonthly, currency)} a month)
          </Text>
        </Card>
        {children}
      </section>
      <section aria-labelledby="add-title">
        <Text as="h3" id="add-title" size={400} weight="semibold">
          Add an app
        </Text>
        <Field label="Search the catalog">
          <Input type="search" value={search} onChange={(_e, d) => setSearch(d.value)} />
        </Field>
        <QueryState
          query={catalog}
          isEmpty={(d) => d.items.length === 0}
          empty={term ? `No app matches “${term}”.` : 'The catalog is empty.'}
        >
          {(data) => (
            <ul className={styles.list} aria-label="Catalog apps">
              {data.items.map((app) => {
                const inBundle = lines.some((l) => l.slug === app.slug);
                return (
                  <li key={app.slug} className={styles.row}>
                    <Text>
                      {app.name} <span className={styles.muted}>({app.category})</span>
                    </Text>
                    <Button
                      size="small"
                      disabled={inBundle}
                      onClick={() => setLines((list) => addApp(list, app, companyCode))}
                    >
                      {inBundle ? `${app.name} is in the bundle` : `Add ${app.name}`}
                    </Button>
                  </li>
                );
              })}
            </ul>
          )}
        </QueryState>
      </section>
    </div>
  );
}

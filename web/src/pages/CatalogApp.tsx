// One catalog app: what it is, its plans and features, and the apps that overlap with it (from the
// AI engine's last similarity job). Linked from the catalog search and from recommendations.
import { Card, makeStyles, Text, tokens } from '@fluentui/react-components';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useCatalogApp } from '../api/queries';
import { AppOverlaps } from '../components/AppOverlaps';
import { PageHeader } from '../components/PageHeader';
import { ErrorState, QueryState } from '../components/PageState';
import { formatMoney } from '../format/format';

const useStyles = makeStyles({
  card: { display: 'grid', gap: '8px' },
  muted: { color: tokens.colorNeutralForeground2 },
  list: { margin: 0, paddingLeft: '20px' },
});

export default function CatalogAppPage() {
  const styles = useStyles();
  const { slug = '' } = useParams();
  const app = useCatalogApp(slug);
  if (app.error instanceof ApiError && app.error.status === 404)
    return (
      <>
        <PageHeader title="App not found" />
        <ErrorState error={app.error} />
      </>
    );
  return (
    <QueryState query={app} label="Loading the app…">
      {(a) => (
        <>
          <PageHeader title={a.name} />
          <Card className={styles.card}>
            <Text className={styles.muted}>{[a.vendor, a.category].filter(Boolean).join(' · ')}</Text>
            <Text>{a.description}</Text>
            {(a.plans ?? []).length > 0 && (
              <ul className={styles.list} aria-label="Plans">
                {a.plans.map((p) => (
                  <li key={String(p.id)}>
                    {p.name}:{' '}
                    {p.monthlyPrice === null
                      ? 'priced by use'
                      : `${formatMoney(p.monthlyPrice, p.currency)} per seat a month`}
                  </li>
                ))}
              </ul>
            )}
            {(a.features ?? []).length > 0 && <Text>Features: {a.features!.join(', ')}</Text>}
            <Text>
              <Link to="/request">Request it</Link>
            </Text>
          </Card>
          <AppOverlaps slug={a.slug ?? slug} />
        </>
      )}
    </QueryState>
  );
}

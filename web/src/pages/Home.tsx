// Home: by role, counts that link on — my software, my open requests, approvals waiting for me.
import { Card, CardHeader, makeStyles, Text, tokens } from '@fluentui/react-components';
import { Link } from 'react-router';
import { useLicenses, useMe, useMyRequests, usePendingApprovals } from '../api/queries';
import { isApprover } from '../components/navigation';
import { PageHeader } from '../components/PageHeader';
import { ErrorState, Loading } from '../components/PageState';
import { formatNumber } from '../format/format';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(15rem, 1fr))', gap: '16px' },
  count: { fontSize: tokens.fontSizeHero800, fontWeight: tokens.fontWeightSemibold, lineHeight: 1.1 },
  link: {
    color: tokens.colorBrandForegroundLink,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
});

function CountCard({
  title,
  to,
  linkText,
  query,
}: {
  title: string;
  to: string;
  linkText: string;
  query: { data: number | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
}) {
  const styles = useStyles();
  return (
    <Card>
      <CardHeader
        header={
          <Text as="h2" weight="semibold" size={400}>
            {title}
          </Text>
        }
      />
      {query.error ? (
        <ErrorState error={query.error} retry={() => void query.refetch()} />
      ) : query.isPending || query.data === undefined ? (
        <Loading />
      ) : (
        <span className={styles.count}>{formatNumber(query.data)}</span>
      )}
      <Link className={styles.link} to={to}>
        {linkText}
      </Link>
    </Card>
  );
}

export function Home() {
  const styles = useStyles();
  const me = useMe().data!;
  const approver = isApprover(me);
  const licenses = useLicenses();
  const open = useMyRequests('pending');
  const approvals = usePendingApprovals(approver);
  return (
    <>
      <PageHeader title={`Welcome, ${me.employee.displayName}`} />
      <div className={styles.grid}>
        <CountCard
          title="My software"
          to="/software"
          linkText="See my software"
          query={{ ...licenses, data: licenses.data?.items.length }}
        />
        <CountCard
          title="My open requests"
          to="/requests"
          linkText="See my requests"
          query={{ ...open, data: open.data?.total }}
        />
        {approver && (
          <CountCard
            title="Approvals waiting for me"
            to="/approvals"
            linkText="Go to approvals"
            query={{ ...approvals, data: approvals.data?.items.length }}
          />
        )}
        <Card>
          <CardHeader
            header={
              <Text as="h2" weight="semibold" size={400}>
                Need something new?
              </Text>
            }
          />
          <Text>Search the catalog, see free seats in the group, and ask for software.</Text>
          <Link className={styles.link} to="/request">
            Request software
          </Link>
        </Card>
      </div>
    </>
  );
}

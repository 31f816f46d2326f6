// Recommendations of the AI engine (CTO, Finance, Admin): where the group pays twice for the same app
// (cross-subsidiary match) and which overlapping apps to consolidate; filtered by kind, status and
// company, the largest saving first, each linking to its evidence and decision.
import {
  Button,
  Field,
  Input,
  makeStyles,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useRecommendations } from '../api/queries';
import type { Recommendation, RecommendationKind, RecommendationStatus } from '../api/types';
import { PageHeader } from '../components/PageHeader';
import { ErrorState, QueryState } from '../components/PageState';
import { StatusBadge } from '../components/StatusBadge';
import { useDebounced } from '../components/useDebounced';
import { formatMoney } from '../format/format';

export const KIND_LABELS: Record<RecommendationKind, string> = {
  'cross-subsidiary-match': 'Cross-subsidiary match',
  consolidation: 'Consolidation',
};
export const kindLabel = (kind: string): string => KIND_LABELS[kind as RecommendationKind] ?? kind;

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: '12px', alignItems: 'end', marginBottom: '16px' },
  scroll: { overflowX: 'auto' },
  more: { marginTop: '12px' },
});

/** The largest annual saving first (the API's order; kept when pages are joined). */
const bySaving = (a: Recommendation, b: Recommendation) => (b.annualSaving ?? 0) - (a.annualSaving ?? 0);

export default function Recommendations() {
  const styles = useStyles();
  const [kind, setKind] = useState<RecommendationKind | ''>('');
  const [status, setStatus] = useState<RecommendationStatus | ''>('open');
  const [company, setCompany] = useState('');
  const companyCode = useDebounced(company.trim().toUpperCase(), 300);
  const list = useRecommendations({
    kind: kind || undefined,
    status: status || undefined,
    company: companyCode || undefined,
  });
  const items = useMemo(() => (list.data?.pages.flatMap((p) => p.items) ?? []).sort(bySaving), [list.data]);

  return (
    <>
      <PageHeader title="Recommendations" />
      <div className={styles.filters} role="search" aria-label="Filter recommendations">
        <Field label="Kind">
          <Select value={kind} onChange={(_e, d) => setKind(d.value as RecommendationKind | '')}>
            <option value="">All kinds</option>
            <option value="cross-subsidiary-match">{KIND_LABELS['cross-subsidiary-match']}</option>
            <option value="consolidation">{KIND_LABELS.consolidation}</option>
          </Select>
        </Field>
        <Field label="Status">
          <Select value={status} onChange={(_e, d) => setStatus(d.value as RecommendationStatus | '')}>
            <option value="">Any status</option>
            <option value="open">Open</option>
            <option value="accepted">Accepted</option>
            <option value="dismissed">Dismissed</option>
          </Select>
        </Field>
        <Field label="Company code" hint="e.g. NORD; empty for all you may see">
          <Input value={company} onChange={(_e, d) => setCompany(d.value)} maxLength={12} />
        </Field>
      </div>
      <QueryState
        query={{ ...list, data: list.data ? items : undefined }}
        isEmpty={(d) => d.length === 0}
        empty="No recommendations match. A similarity job writes them; CTOs and admins can start one."
        label="Loading recommendations…"
      >
        {(rows) => (
          <>
            <div className={styles.scroll}>
              <Table aria-label="Recommendations">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Recommendation</TableHeaderCell>
                    <TableHeaderCell>Kind</TableHeaderCell>
                    <TableHeaderCell>Companies</TableHeaderCell>
                    <TableHeaderCell>Status</TableHeaderCell>
                    <TableHeaderCell>Saving a year</TableHeaderCell>
                    <TableHeaderCell>Saving a month</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.map((r) => (
                    <TableRow key={r.id}>
                      <TableCell>
                        <Link to={`/recommendations/${encodeURIComponent(r.id)}`}>{r.title}</Link>
                      </TableCell>
                      <TableCell>{kindLabel(r.kind)}</TableCell>
                      <TableCell>{(r.companyCodes ?? [r.companyCode]).join(', ')}</TableCell>
                      <TableCell>
                        <StatusBadge status={r.status} />
                      </TableCell>
                      <TableCell>{formatMoney(r.annualSaving, r.currency)}</TableCell>
                      <TableCell>{formatMoney(r.monthlySaving, r.currency)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
            {list.hasNextPage && (
              <Button
                className={styles.more}
                onClick={() => void list.fetchNextPage()}
                disabled={list.isFetchingNextPage}
              >
                {list.isFetchingNextPage ? 'Loading…' : 'Show more'}
              </Button>
            )}
            {list.error !== null && <ErrorState error={list.error} />}
            <Text size={200} as="p">
              Savings are in each recommendation&apos;s currency: EUR for group-wide ones, the company&apos;s
              own otherwise.
            </Text>
          </>
        )}
      </QueryState>
    </>
  );
}

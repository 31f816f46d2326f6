// My requests: what I asked for, newest first, with status, cost and who it waits for.
import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { Link } from 'react-router';
import { useMyRequests } from '../api/queries';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/PageState';
import { StatusBadge } from '../components/StatusBadge';
import { formatDateTime, formatMoney } from '../format/format';

export default function MyRequests() {
  const requests = useMyRequests();
  return (
    <>
      <PageHeader title="My requests">
        <Link to="/request">Request software</Link>
      </PageHeader>
      <QueryState
        query={requests}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <>
            You have not requested any software yet. <Link to="/request">Request software</Link>.
          </>
        }
      >
        {(data) => (
          <div style={{ overflowX: 'auto' }}>
            <Table aria-label="My requests">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Request</TableHeaderCell>
                  <TableHeaderCell>Apps</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                  <TableHeaderCell>Per month</TableHeaderCell>
                  <TableHeaderCell>Created</TableHeaderCell>
                  <TableHeaderCell>Waiting for</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.items.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>
                      <Link to={`/requests/${r.id}`}>{r.code}</Link>
                    </TableCell>
                    <TableCell>{r.apps.join(', ')}</TableCell>
                    <TableCell>
                      <StatusBadge status={r.status} />
                    </TableCell>
                    <TableCell>{formatMoney(r.monthlyCost, r.currency)}</TableCell>
                    <TableCell>{formatDateTime(r.createdAt)}</TableCell>
                    <TableCell>{r.waitingFor?.approver ?? '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </QueryState>
    </>
  );
}

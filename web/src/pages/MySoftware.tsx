// My software: the licences assigned to me, with when I last used each.
import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { Link } from 'react-router';
import { useLicenses } from '../api/queries';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/PageState';
import { StatusBadge } from '../components/StatusBadge';
import { formatDay, formatRelative } from '../format/format';

export default function MySoftware() {
  const licenses = useLicenses();
  return (
    <>
      <PageHeader title="My software" />
      <QueryState
        query={licenses}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <>
            No software is assigned to you yet. <Link to="/request">Request software</Link>.
          </>
        }
      >
        {(data) => (
          <div style={{ overflowX: 'auto' }}>
            <Table aria-label="My software">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>App</TableHeaderCell>
                  <TableHeaderCell>Plan</TableHeaderCell>
                  <TableHeaderCell>Company</TableHeaderCell>
                  <TableHeaderCell>Since</TableHeaderCell>
                  <TableHeaderCell>Last used</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.items.map((l) => (
                  <TableRow key={l.assignmentId}>
                    <TableCell>{l.app.name}</TableCell>
                    <TableCell>{l.plan?.name ?? '—'}</TableCell>
                    <TableCell>{l.company.name}</TableCell>
                    <TableCell>{formatDay(l.since)}</TableCell>
                    <TableCell>
                      {l.lastUsed ? `${formatDay(l.lastUsed)} (${formatRelative(l.lastUsed)})` : 'never'}
                    </TableCell>
                    <TableCell>
                      <StatusBadge status={l.status} />
                    </TableCell>
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

// The new hires HR and Admins recorded (a Manager sees their own), newest start date first, with a
// status filter; each links to the hire's page.
import {
  Button,
  Field,
  makeStyles,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useNewHires } from '../../api/newHireQueries';
import { NEW_HIRE_STATUSES } from '../../api/newHireTypes';
import { useMe } from '../../api/queries';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/PageState';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDay, formatNumber, humanize } from '../../format/format';
import { canRecordHires } from './access';

const useStyles = makeStyles({
  filters: { display: 'flex', gap: '12px', alignItems: 'end', marginBottom: '16px', flexWrap: 'wrap' },
  scroll: { overflowX: 'auto' },
});

export default function NewHires() {
  const styles = useStyles();
  const me = useMe().data!;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const hires = useNewHires({ status: status || undefined });
  return (
    <>
      <PageHeader title="New hires">
        {canRecordHires(me) && (
          <Button appearance="primary" onClick={() => void navigate('/new-hires/new')}>
            Record a new hire
          </Button>
        )}
      </PageHeader>
      <div className={styles.filters}>
        <Field label="Status">
          <Select
            value={status}
            onChange={(_e, d) => setParams(d.value ? { status: d.value } : {}, { replace: true })}
          >
            <option value="">All</option>
            {NEW_HIRE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <QueryState
        query={hires}
        label="Loading the new hires…"
        isEmpty={(items) => items.length === 0}
        empty={
          status ? `No new hire is ${humanize(status).toLowerCase()}.` : 'No new hire has been recorded yet.'
        }
      >
        {(items) => (
          <div className={styles.scroll}>
            <Table aria-label="New hires">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Name</TableHeaderCell>
                  <TableHeaderCell>Job title</TableHeaderCell>
                  <TableHeaderCell>Company</TableHeaderCell>
                  <TableHeaderCell>Start date</TableHeaderCell>
                  <TableHeaderCell>Manager</TableHeaderCell>
                  <TableHeaderCell>Apps</TableHeaderCell>
                  <TableHeaderCell>Request</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((hire) => (
                  <TableRow key={hire.id}>
                    <TableCell>
                      <Link to={`/new-hires/${encodeURIComponent(hire.id)}`}>{hire.person.displayName}</Link>
                    </TableCell>
                    <TableCell>{hire.person.jobTitle}</TableCell>
                    <TableCell>{hire.companyCode}</TableCell>
                    <TableCell>{formatDay(hire.startDate)}</TableCell>
                    <TableCell>{hire.manager?.displayName ?? '—'}</TableCell>
                    <TableCell>
                      {hire.bundleSize !== undefined ? formatNumber(hire.bundleSize) : '—'}
                    </TableCell>
                    <TableCell>
                      {hire.request ? (
                        <Link to={`/requests/${encodeURIComponent(hire.request.id)}`}>
                          {hire.request.code}
                        </Link>
                      ) : (
                        '—'
                      )}
                    </TableCell>
                    <TableCell>
                      <StatusBadge status={hire.status} />
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

// One version of a purchase template as it was saved; requests made from it name this version.
import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { Link, useParams } from 'react-router';
import { useTemplateVersion } from '../../api/templates';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/PageState';
import { formatDateTime } from '../../format/format';
import { roleLabel } from './templateParts';

export default function TemplateVersionPage() {
  const params = useParams();
  const id = Number(params.id);
  const version = useTemplateVersion(id, Number(params.version));
  return (
    <QueryState query={version}>
      {(v) => (
        <>
          <PageHeader title={`${v.name}, version ${v.version}`}>
            <Link to={`/templates/${id}#history`}>Back to the template</Link>
          </PageHeader>
          <Text block>
            {v.code} · {roleLabel(v)} · saved {formatDateTime(v.createdAt)}
            {v.createdBy && ` by ${v.createdBy}`} · {v.current ? 'the current version' : 'an earlier version'}
          </Text>
          {v.description && <Text block>{v.description}</Text>}
          <Table aria-label={`Apps in version ${v.version}`} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>App</TableHeaderCell>
                <TableHeaderCell>Plan</TableHeaderCell>
                <TableHeaderCell>Seats per person</TableHeaderCell>
                <TableHeaderCell>Optional</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {v.items.map((i) => (
                <TableRow key={i.app}>
                  <TableCell>{i.appName}</TableCell>
                  <TableCell>{i.plan ?? 'default'}</TableCell>
                  <TableCell>{i.seats}</TableCell>
                  <TableCell>{i.optional ? 'optional' : 'included'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </QueryState>
  );
}

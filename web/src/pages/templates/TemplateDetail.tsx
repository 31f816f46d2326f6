// One purchase template: its current items and cost per person, its version history, and "Request
// this template" — for oneself, or (HR, managers) for someone else; optional items are picked here.
// Apps the person already has are left out by the server, which says which.
import {
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useMe, usePeople } from '../../api/queries';
import {
  useArchiveTemplate,
  useRequestTemplate,
  useTemplate,
  type TemplateDetail,
} from '../../api/templates';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, QueryState } from '../../components/PageState';
import { formatDateTime, formatMoney } from '../../format/format';
import { ItemsTable, roleLabel } from './templateParts';

const useStyles = makeStyles({
  sections: { display: 'grid', gap: '24px' },
  form: { display: 'grid', gap: '12px', maxWidth: '560px' },
  muted: { color: tokens.colorNeutralForeground2 },
  row: { display: 'flex', gap: '12px', flexWrap: 'wrap', alignItems: 'center' },
});

const inTwoWeeks = (): string => new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

function RequestForm({ template }: { template: TemplateDetail }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const me = useMe().data!;
  const mayRequestForOthers = me.roles.some((r) => r === 'HR' || r === 'Manager' || r === 'Admin');
  const people = usePeople('');
  const [forEmployee, setForEmployee] = useState('');
  const [justification, setJustification] = useState('');
  const [neededBy, setNeededBy] = useState(inTwoWeeks);
  const [picked, setPicked] = useState<string[]>([]);
  const request = useRequestTemplate(template.id);
  const problem = request.error instanceof ApiError ? request.error : undefined;
  const optional = template.items.filter((i) => i.optional);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate(
      { ...(forEmployee && { forEmployee }), justification, neededBy, optionalItems: picked },
      { onSuccess: (created) => void navigate(`/requests/${created.id}`) },
    );
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-labelledby="request-title">
      <Text as="h2" id="request-title" size={500} weight="semibold">
        Request this template
      </Text>
      {mayRequestForOthers && (
        <Field label="For" validationMessage={problem?.fieldError('forEmployee')}>
          <Select value={forEmployee} onChange={(_e, d) => setForEmployee(d.value)}>
            <option value="">Myself ({me.employee.displayName})</option>
            {(people.data?.items ?? [])
              .filter((p) => p.email.toLowerCase() !== me.employee.email.toLowerCase())
              .map((p) => (
                <option key={p.id} value={p.email}>
                  {p.displayName}
                </option>
              ))}
          </Select>
        </Field>
      )}
      {optional.length > 0 && (
        <fieldset>
          <legend>Optional apps</legend>
          {optional.map((i) => (
            <Checkbox
              key={i.app}
              label={`${i.appName}${i.price ? ` (${formatMoney(i.price.monthlyCost, template.costPerPerson.currency)} a month)` : ''}`}
              checked={picked.includes(i.app)}
              onChange={(_e, d) =>
                setPicked((list) => (d.checked ? [...list, i.app] : list.filter((a) => a !== i.app)))
              }
            />
          ))}
        </fieldset>
      )}
      <Field
        label="Justification"
        required
        hint="Say in a sentence why this is needed."
        validationMessage={problem?.fieldError('justification')}
      >
        <Textarea value={justification} onChange={(_e, d) => setJustification(d.value)} maxLength={4000} />
      </Field>
      <Field label="Needed by" required validationMessage={problem?.fieldError('neededBy')}>
        <Input type="date" value={neededBy} onChange={(_e, d) => setNeededBy(d.value)} />
      </Field>
      {problem && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            {problem.fieldErrors.length
              ? problem.fieldErrors.map((e) => e.message).join(' ')
              : (problem.detail ?? problem.title)}
          </MessageBarBody>
        </MessageBar>
      )}
      {request.error && !problem && <ErrorState error={request.error} />}
      <div className={styles.row}>
        <Button appearance="primary" type="submit" disabled={request.isPending}>
          Submit request
        </Button>
      </div>
    </form>
  );
}

function ArchiveButton({ template }: { template: TemplateDetail }) {
  const navigate = useNavigate();
  const archive = useArchiveTemplate(template.id);
  const [confirming, setConfirming] = useState(false);
  if (!confirming) return <Button onClick={() => setConfirming(true)}>Archive</Button>;
  return (
    <span role="group" aria-label="Confirm archiving">
      <Text>Archive {template.name}? Its versions stay for the requests that name them. </Text>
      <Button
        appearance="primary"
        disabled={archive.isPending}
        onClick={() => archive.mutate(undefined, { onSuccess: () => void navigate('/templates') })}
      >
        Archive it
      </Button>{' '}
      <Button onClick={() => setConfirming(false)}>Keep it</Button>
      {archive.error !== null && <ErrorState error={archive.error} />}
    </span>
  );
}

export default function TemplateDetailPage() {
  const styles = useStyles();
  const id = Number(useParams().id);
  const template = useTemplate(id);
  return (
    <QueryState query={template}>
      {(t) => (
        <>
          <PageHeader title={t.name}>
            {t.editable && !t.archived && <Link to={`/templates/${t.id}/edit`}>Edit</Link>}
            {t.editable && !t.archived && <ArchiveButton template={t} />}
          </PageHeader>
          <div className={styles.sections}>
            <section aria-label="Current version">
              <Text className={styles.muted} block>
                {t.code} · {roleLabel(t)} · version {t.currentVersion} · {t.companyCode ?? 'group-wide'}
                {t.archived && ' · archived'}
              </Text>
              {t.description && <Text block>{t.description}</Text>}
              <Text weight="semibold" block>
                {formatMoney(t.costPerPerson.monthly, t.costPerPerson.currency)} per person a month
              </Text>
              <ItemsTable items={t.items} currency={t.costPerPerson.currency} label={`Apps in ${t.name}`} />
            </section>
            {!t.archived && (
              <section id="request">
                <RequestForm template={t} />
              </section>
            )}
            <section id="history" aria-labelledby="history-title">
              <Text as="h2" id="history-title" size={500} weight="semibold">
                Version history
              </Text>
              <Table aria-label="Versions" size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Version</TableHeaderCell>
                    <TableHeaderCell>Name</TableHeaderCell>
                    <TableHeaderCell>Apps</TableHeaderCell>
                    <TableHeaderCell>Saved</TableHeaderCell>
                    <TableHeaderCell>By</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {t.versions.map((v) => (
                    <TableRow key={v.version}>
                      <TableCell>
                        <Link to={`/templates/${t.id}/versions/${v.version}`}>Version {v.version}</Link>
                        {v.version === t.currentVersion && ' (current)'}
                      </TableCell>
                      <TableCell>{v.name}</TableCell>
                      <TableCell>{v.items}</TableCell>
                      <TableCell>{formatDateTime(v.createdAt)}</TableCell>
                      <TableCell>{v.createdBy ?? '—'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </section>
          </div>
        </>
      )}
    </QueryState>
  );
}

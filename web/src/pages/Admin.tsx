// Admin: the company's approval policy (edited here, checked by the API, whose errors show at the
// field), and usage ingest health (stats by company and app, quarantine, failed messages).
import {
  Button,
  Card,
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
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import {
  useApprovalPolicy,
  useIngestFailures,
  useMe,
  useQuarantine,
  useSavePolicy,
  useUsageStats,
} from '../api/queries';
import type { ApprovalPolicy, ApproverKind } from '../api/types';
import { PageHeader } from '../components/PageHeader';
import { ErrorState, QueryState } from '../components/PageState';
import { approverLabel, formatDateTime, formatNumber } from '../format/format';

const APPROVERS: ApproverKind[] = ['manager', 'department_head', 'cto', 'finance'];
const HOURS = ['reminderAfterHours', 'escalateAfterHours', 'expireAfterHours'] as const;
const HOUR_LABELS: Record<(typeof HOURS)[number], string> = {
  reminderAfterHours: 'Remind after (hours)',
  escalateAfterHours: 'Escalate after (hours)',
  expireAfterHours: 'Expire after (hours)',
};

const useStyles = makeStyles({
  section: { marginTop: '24px', display: 'grid', gap: '12px' },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'start' },
  grid: { display: 'grid', gap: '12px', gridTemplateColumns: 'repeat(auto-fill, minmax(12rem, 1fr))' },
});

/** Text fields of the form: kept as typed, turned into numbers when sent (an empty one is left out). */
interface StepForm {
  approver: ApproverKind;
  minMonthlyCost: string;
  minAnnualCost: string;
}
interface PolicyForm {
  steps: StepForm[];
  reminderAfterHours: string;
  escalateAfterHours: string;
  expireAfterHours: string;
}

const toForm = (p: ApprovalPolicy): PolicyForm => ({
  steps: p.steps.map((s) => ({
    approver: s.approver,
    minMonthlyCost: s.minMonthlyCost === undefined ? '' : String(s.minMonthlyCost),
    minAnnualCost: s.minAnnualCost === undefined ? '' : String(s.minAnnualCost),
  })),
  reminderAfterHours: String(p.reminderAfterHours),
  escalateAfterHours: String(p.escalateAfterHours),
  expireAfterHours: String(p.expireAfterHours),
});

const num = (text: string): number => (text.trim() === '' ? NaN : Number(text));
const toPolicy = (f: PolicyForm): ApprovalPolicy => ({
  steps: f.steps.map((s) => ({
    approver: s.approver,
    ...(s.minMonthlyCost.trim() !== '' && { minMonthlyCost: num(s.minMonthlyCost) }),
    ...(s.minAnnualCost.trim() !== '' && { minAnnualCost: num(s.minAnnualCost) }),
  })),
  reminderAfterHours: num(f.reminderAfterHours),
  escalateAfterHours: num(f.escalateAfterHours),
  expireAfterHours: num(f.expireAfterHours),
});

function PolicyEditor({ company, policy }: { company: string; policy: ApprovalPolicy }) {
  const styles = useStyles();
  const save = useSavePolicy(company);
  const [form, setForm] = useState(() => toForm(policy));
  const error = save.error instanceof ApiError ? save.error : undefined;
  const at = (path: string) => error?.fieldError(path);
  const setStep = (index: number, change: Partial<StepForm>) =>
    setForm((f) => ({ ...f, steps: f.steps.map((s, i) => (i === index ? { ...s, ...change } : s)) }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(toPolicy(form));
  };
  return (
    <form onSubmit={submit} noValidate className={styles.section}>
      {form.steps.map((step, index) => (
        <fieldset key={index} className={styles.row}>
          <legend>Step {index + 1}</legend>
          <Field label={`Approver of step ${index + 1}`} validationMessage={at(`steps.${index}.approver`)}>
            <Select
              value={step.approver}
              onChange={(_e, d) => setStep(index, { approver: d.value as ApproverKind })}
            >
              {APPROVERS.map((a) => (
                <option key={a} value={a}>
                  {approverLabel(a)}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label={`Step ${index + 1}: from a monthly cost of`}
            validationMessage={at(`steps.${index}.minMonthlyCost`)}
          >
            <Input
              inputMode="decimal"
              value={step.minMonthlyCost}
              onChange={(_e, d) => setStep(index, { minMonthlyCost: d.value })}
            />
          </Field>
          <Field
            label={`Step ${index + 1}: from an annual cost of`}
            validationMessage={at(`steps.${index}.minAnnualCost`)}
          >
            <Input
              inputMode="decimal"
              value={step.minAnnualCost}
              onChange={(_e, d) => setStep(index, { minAnnualCost: d.value })}
            />
          </Field>
          <Button
            onClick={() => setForm((f) => ({ ...f, steps: f.steps.filter((_s, i) => i !== index) }))}
            disabled={form.steps.length <= 1}
          >
            Remove step {index + 1}
          </Button>
        </fieldset>
      ))}
      {at('steps') && <Text role="alert">{at('steps')}</Text>}
      <div className={styles.row}>
        <Button
          onClick={() =>
            setForm((f) => ({
              ...f,
              steps: [...f.steps, { approver: 'manager', minMonthlyCost: '', minAnnualCost: '' }],
            }))
          }
          disabled={form.steps.length >= 8}
        >
          Add a step
        </Button>
      </div>
      <div className={styles.grid}>
        {HOURS.map((name) => (
          <Field key={name} label={HOUR_LABELS[name]} validationMessage={at(name)}>
            <Input
              inputMode="decimal"
              value={form[name]}
              onChange={(_e, d) => setForm((f) => ({ ...f, [name]: d.value }))}
            />
          </Field>
        ))}
      </div>
      {error && error.fieldErrors.length === 0 && <ErrorState error={error} />}
      {error && error.fieldErrors.length > 0 && (
        <MessageBar intent="error">
          <MessageBarBody>The policy was not saved: {error.detail ?? error.title}</MessageBarBody>
        </MessageBar>
      )}
      {save.isSuccess && (
        <MessageBar intent="success">
          <MessageBarBody>The approval policy of {company} is saved.</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.row}>
        <Button appearance="primary" type="submit" disabled={save.isPending}>
          Save policy
        </Button>
      </div>
    </form>
  );
}

function IngestHealth() {
  const styles = useStyles();
  const stats = useUsageStats();
  const quarantine = useQuarantine();
  const failures = useIngestFailures();
  return (
    <>
      <QueryState query={stats} label="Loading usage statistics…">
        {(s) => (
          <>
            <div className={styles.grid}>
              <Card>
                <Text>Events {`${s.from} – ${s.to}`}</Text>
                <Text size={600} weight="semibold">
                  {formatNumber(s.totals.events)}
                </Text>
              </Card>
              <Card>
                <Text>Active users</Text>
                <Text size={600} weight="semibold">
                  {formatNumber(s.totals.activeUsers)}
                </Text>
              </Card>
              <Card>
                <Text>Quarantined events</Text>
                <Text size={600} weight="semibold">
                  {formatNumber(s.ingest.quarantined)}
                </Text>
              </Card>
              <Card>
                <Text>Failed messages</Text>
                <Text size={600} weight="semibold">
                  {formatNumber(s.ingest.failedMessages)}
                </Text>
              </Card>
              <Card>
                <Text>Last stored</Text>
                <Text weight="semibold">{formatDateTime(s.ingest.lastStoredAt)}</Text>
              </Card>
            </div>
            <div style={{ overflowX: 'auto' }}>
              <Table aria-label="Usage by company">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Company</TableHeaderCell>
                    <TableHeaderCell>Events</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {s.byCompany.map((c) => (
                    <TableRow key={c.company}>
                      <TableCell>{c.name}</TableCell>
                      <TableCell>{formatNumber(c.events)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <Table aria-label="Usage by app">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>App</TableHeaderCell>
                    <TableHeaderCell>Events</TableHeaderCell>
                    <TableHeaderCell>Active users</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {s.byApp.map((a) => (
                    <TableRow key={a.app}>
                      <TableCell>{a.name}</TableCell>
                      <TableCell>{formatNumber(a.events)}</TableCell>
                      <TableCell>{formatNumber(a.activeUsers)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </>
        )}
      </QueryState>
      <Text as="h3" size={400} weight="semibold">
        Quarantine
      </Text>
      <QueryState query={quarantine} isEmpty={(d) => d.items.length === 0} empty="No quarantined events.">
        {(d) => (
          <ul>
            {d.items.map((q) => (
              <li key={q.id}>
                {formatDateTime(q.quarantinedAt)} — event {q.eventId}: {q.reason}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      <Text as="h3" size={400} weight="semibold">
        Failed messages
      </Text>
      <QueryState query={failures} isEmpty={(d) => d.items.length === 0} empty="No failed messages.">
        {(d) => (
          <ul>
            {d.items.map((f) => (
              <li key={f.messageId}>
                {formatDateTime(f.failedAt)} — {f.queueName} (delivered {f.dequeueCount}×): {f.reason}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}

export default function Admin() {
  const styles = useStyles();
  const me = useMe().data!;
  const company = me.company.code;
  const policy = useApprovalPolicy(company);
  if (!me.roles.includes('Admin'))
    return (
      <>
        <PageHeader title="Admin" />
        <ErrorState error={new ApiError(403, 'Not allowed', 'This page is for Admins.', [])} />
      </>
    );
  return (
    <>
      <PageHeader title="Admin" />
      <section aria-labelledby="policy-title" className={styles.section}>
        <Text as="h2" id="policy-title" size={500} weight="semibold">
          Approval policy of {company}
        </Text>
        <QueryState query={policy} label="Loading the approval policy…">
          {(data) => <PolicyEditor company={company} policy={data.policy} />}
        </QueryState>
      </section>
      <section aria-labelledby="ingest-title" className={styles.section}>
        <Text as="h2" id="ingest-title" size={500} weight="semibold">
          Usage ingest health
        </Text>
        <IngestHealth />
      </section>
    </>
  );
}

// The HR "new hire" wizard: the person (who, where, when) → the job description → the ranked bundle
// the JD match proposes, with its reasons and cost → adjust it (remove, add from the catalog, change
// plan; totals follow) → submit: the hire is recorded, the adjusted bundle put on it with the
// revision it came with, and its purchase request submitted; then the hire's page.
import {
  Button,
  Card,
  CardHeader,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { useCreateAndSubmitHire, useJdMatch } from '../../api/newHireQueries';
import { SENIORITIES, type JdMatchResult } from '../../api/newHireTypes';
import { useMe, usePeople } from '../../api/queries';
import { AnsweredBy } from '../../components/AnsweredBy';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/PageState';
import { useDebounced } from '../../components/useDebounced';
import { formatMoney, humanize } from '../../format/format';
import { BundleEditor } from './BundleEditor';
import { confidenceText, CoverageBadge, ReasonList } from './bundleParts';
import { TemplatePicker } from './TemplatePicker';
import { canRecordHires } from './access';
import {
  bundleItems,
  chooseTemplate,
  templateApplies,
  type TemplateChoice,
  hasErrors,
  hireInput,
  linesFromMatch,
  stepOfField,
  validateBundle,
  validateJob,
  validatePerson,
  type BundleLine,
  type Errors,
  type JobDraft,
  type PersonDraft,
} from './wizardModel';

const useStyles = makeStyles({
  steps: {
    display: 'flex',
    gap: '16px',
    flexWrap: 'wrap',
    listStyleType: 'none',
    padding: 0,
    margin: '0 0 16px',
  },
  current: { fontWeight: tokens.fontWeightSemibold, textDecorationLine: 'underline' },
  muted: { color: tokens.colorNeutralForeground2 },
  form: { display: 'grid', gap: '12px', maxWidth: '720px' },
  grid: {
    display: 'grid',
    gap: '12px',
    gridTemplateColumns: 'minmax(0, 1fr)',
    '@media (min-width: 720px)': { gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)' },
  },
  list: { display: 'grid', gap: '12px', listStyleType: 'none', margin: '12px 0 0', padding: 0 },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'end' },
  facts: { margin: '4px 0', paddingLeft: '20px' },
  layout: {
    display: 'grid',
    gap: '24px',
    gridTemplateColumns: 'minmax(0, 1fr)',
    '@media (min-width: 960px)': { gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)' },
  },
});

type Step = 1 | 2 | 3 | 4;
const STEP_NAMES: Record<Step, string> = {
  1: 'Person',
  2: 'Job description',
  3: 'Proposed bundle',
  4: 'Adjust and submit',
};

const todayUtc = (): string => new Date().toISOString().slice(0, 10);
const inTwoWeeks = (): string => new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

function StepHeading({ step }: { step: Step }) {
  const ref = useRef<HTMLHeadingElement>(null);
  // The person's focus follows the step, so a keyboard or screen-reader user hears where they are.
  useEffect(() => ref.current?.focus(), [step]);
  return (
    <Text
      as="h2"
      size={500}
      weight="semibold"
      id="step-title"
      ref={ref}
      tabIndex={-1}
      style={{ outline: 'none' }}
    >
      Step {step} of 4: {STEP_NAMES[step]}
    </Text>
  );
}

function ErrorSummary({ errors }: { errors: Errors }) {
  const messages = Object.values(errors).filter(Boolean);
  if (messages.length === 0) return null;
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>Please check:</MessageBarTitle> {messages.join(' ')}
      </MessageBarBody>
    </MessageBar>
  );
}

function PersonStep({
  draft,
  onChange,
  errors,
  choosesCompany,
}: {
  draft: PersonDraft;
  onChange: (change: Partial<PersonDraft>) => void;
  errors: Errors;
  choosesCompany: boolean;
}) {
  const styles = useStyles();
  const people = usePeople(useDebounced(draft.managerEmail.trim(), 250));
  return (
    <div className={styles.grid}>
      <Field label="Name" required validationMessage={errors.displayName}>
        <Input
          value={draft.displayName}
          maxLength={200}
          onChange={(_e, d) => onChange({ displayName: d.value })}
        />
      </Field>
      <Field label="Work e-mail" required validationMessage={errors.email}>
        <Input
          type="email"
          value={draft.email}
          maxLength={320}
          onChange={(_e, d) => onChange({ email: d.value })}
        />
      </Field>
      <Field label="Job title" required validationMessage={errors.jobTitle}>
        <Input value={draft.jobTitle} maxLength={200} onChange={(_e, d) => onChange({ jobTitle: d.value })} />
      </Field>
      <Field label="Department code" hint="For example DATA" validationMessage={errors.department}>
        <Input
          value={draft.department}
          maxLength={10}
          onChange={(_e, d) => onChange({ department: d.value.toUpperCase() })}
        />
      </Field>
      <Field
        label="Manager’s e-mail"
        hint="Type to search the people you may request for; the manager approves the request."
        validationMessage={errors.managerEmail}
      >
        <Input
          type="email"
          list="manager-options"
          value={draft.managerEmail}
          maxLength={320}
          onChange={(_e, d) => onChange({ managerEmail: d.value })}
        />
      </Field>
      <datalist id="manager-options">
        {(people.data?.items ?? []).map((p) => (
          <option key={p.id} value={p.email}>
            {p.displayName}
            {p.jobTitle ? `, ${p.jobTitle}` : ''}
          </option>
        ))}
      </datalist>
      {choosesCompany && (
        <Field
          label="Company code"
          hint="The subsidiary the person joins"
          validationMessage={errors.companyCode}
        >
          <Input
            value={draft.companyCode}
            maxLength={20}
            onChange={(_e, d) => onChange({ companyCode: d.value.toUpperCase() })}
          />
        </Field>
      )}
      <Field label="Start date" required validationMessage={errors.startDate}>
        <Input type="date" value={draft.startDate} onChange={(_e, d) => onChange({ startDate: d.value })} />
      </Field>
    </div>
  );
}

function JobStep({
  draft,
  onChange,
  errors,
}: {
  draft: JobDraft;
  onChange: (c: Partial<JobDraft>) => void;
  errors: Errors;
}) {
  const styles = useStyles();
  return (
    <div className={styles.form}>
      <Field
        label="Job description"
        required
        hint="Paste the job ad or describe the work; the skills and tasks in it choose the apps."
        validationMessage={errors.jobDescription}
      >
        <Textarea
          value={draft.jobDescription}
          rows={10}
          maxLength={20_000}
          resize="vertical"
          onChange={(_e, d) => onChange({ jobDescription: d.value })}
        />
      </Field>
      <Field label="Seniority" validationMessage={errors.seniority}>
        <Select
          value={draft.seniority}
          onChange={(_e, d) => onChange({ seniority: d.value as JobDraft['seniority'] })}
        >
          <option value="">Not given</option>
          {SENIORITIES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}

function MatchStep({ match }: { match: JdMatchResult }) {
  const styles = useStyles();
  return (
    <>
      <Text>
        Ranked for {match.jobTitle} at {match.companyCode}; costs per person a month in {match.currency}.
        Answered by <AnsweredBy answeredBy={match.answeredBy} />
      </Text>
      {match.apps.length === 0 ? (
        <MessageBar intent="info">
          <MessageBarBody>No app matches this description. Add apps by hand in the next step.</MessageBarBody>
        </MessageBar>
      ) : (
        <ol className={styles.list} aria-label="Proposed apps">
          {[...match.apps]
            .sort((a, b) => a.rank - b.rank)
            .map((a) => (
              <li key={a.app.slug}>
                <Card aria-labelledby={`match-${a.app.slug}`}>
                  <CardHeader
                    header={
                      <Text as="h3" id={`match-${a.app.slug}`} weight="semibold" size={400}>
                        {a.rank}. {a.app.name}
                      </Text>
                    }
                    description={
                      <span className={styles.muted}>
                        {a.app.vendor} · {a.app.category} · {a.plan.name} · {confidenceText(a.confidence)}
                        {a.companyStandard ? ' · company standard' : ''}
                      </span>
                    }
                  />
                  <div className={styles.row}>
                    <Text weight="semibold">
                      {a.plan.pricingModel === 'pay_per_use'
                        ? 'Priced by use'
                        : `${formatMoney(a.monthlyCost, a.currency)} a month`}
                    </Text>
                    <CoverageBadge coverage={a.coverage} companyCode={match.companyCode} />
                  </div>
                  <ReasonList reasons={a.reasons} extracted={match.extracted} label={`Why ${a.app.name}`} />
                </Card>
              </li>
            ))}
        </ol>
      )}
      {match.excluded.length > 0 && (
        <section aria-labelledby="excluded-title">
          <Text as="h3" id="excluded-title" size={400} weight="semibold">
            Left out as overlaps
          </Text>
          <ul className={styles.facts}>
            {match.excluded.map((e) => (
              <li key={e.slug}>
                {e.name}: {e.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

export default function NewHireWizard() {
  const styles = useStyles();
  const navigate = useNavigate();
  const me = useMe().data!;
  const choosesCompany = me.groupWide || me.scope === 'group';
  const [step, setStep] = useState<Step>(1);
  const [person, setPerson] = useState<PersonDraft>({
    displayName: '',
    email: '',
    jobTitle: '',
    department: '',
    managerEmail: '',
    companyCode: me.company.code,
    startDate: inTwoWeeks(),
  });
  const [job, setJob] = useState<JobDraft>({ jobDescription: '', seniority: '' });
  const [lines, setLinesState] = useState<BundleLine[]>([]);
  const [justification, setJustification] = useState('');
  /** the purchase template the bundle was loaded from, if any */
  const [templateChoice, setTemplateChoice] = useState<TemplateChoice>();
  const [errors, setErrors] = useState<Errors>({});
  /** the hire once recorded: a retry after a failed later step goes on from it, never records twice */
  const [recordedId, setRecordedId] = useState<string>();
  const match = useJdMatch();
  const submit = useCreateAndSubmitHire();
  const setLines = useMemo(() => (update: (l: BundleLine[]) => BundleLine[]) => setLinesState(update), []);

  if (!canRecordHires(me))
    return (
      <>
        <PageHeader title="New hire" />
        <ErrorState
          error={new ApiError(403, 'Not allowed', 'Recording a new hire is for HR and Admins.', [])}
        />
      </>
    );

  const go = (next: Step) => {
    setErrors({});
    setStep(next);
  };
  // The API's field errors, on the step their field is on.
  const showProblem = (error: unknown) => {
    if (!(error instanceof ApiError) || error.fieldErrors.length === 0) return;
    const found: Errors = {};
    for (const e of error.fieldErrors) found[e.path.split('.')[0] ?? e.path] = e.message;
    setErrors(found);
    setStep(stepOfField(error.fieldErrors[0]!.path));
  };

  const next = (event: FormEvent) => {
    event.preventDefault();
    if (step === 1) {
      const found = validatePerson(person, todayUtc());
      if (hasErrors(found)) return setErrors(found);
      return go(2);
    }
    if (step === 2) {
      const found = validateJob(job);
      if (hasErrors(found)) return setErrors(found);
      const input = hireInput(person, job);
      match.mutate(
        {
          jobTitle: input.jobTitle,
          jobDescription: input.jobDescription,
          ...(input.department ? { department: input.department } : {}),
          ...(input.companyCode ? { companyCode: input.companyCode } : {}),
          ...(input.seniority ? { seniority: input.seniority } : {}),
        },
        {
          onSuccess: (result) => {
            setLinesState(linesFromMatch(result));
            go(3);
          },
          onError: showProblem,
        },
      );
      return;
    }
    if (step === 3) return go(4);
    const found = validateBundle(lines, justification);
    if (hasErrors(found)) return setErrors(found);
    submit.mutate(
      {
        hire: hireInput(person, job),
        items: bundleItems(lines),
        ...(templateChoice && templateApplies(templateChoice, lines)
          ? { template: { templateId: templateChoice.id, optionalItems: templateChoice.optionalItems } }
          : {}),
        ...(justification.trim() ? { justification: justification.trim() } : {}),
        existing: recordedId,
        onRecorded: setRecordedId,
      },
      { onSuccess: (hire) => void navigate(`/new-hires/${hire.id}`), onError: showProblem },
    );
  };

  const companyCode = match.data?.companyCode ?? (person.companyCode || me.company.code);
  const currency = match.data?.currency ?? 'EUR';
  const busy = match.isPending || submit.isPending;
  const failure = step === 2 ? match.error : step === 4 ? submit.error : null;

  return (
    <>
      <PageHeader title="New hire" />
      <nav aria-label="Wizard steps">
        <ol className={styles.steps}>
          {([1, 2, 3, 4] as Step[]).map((s) => (
            <li
              key={s}
              aria-current={s === step ? 'step' : undefined}
              className={s === step ? styles.current : styles.muted}
            >
              {s}. {STEP_NAMES[s]}
            </li>
          ))}
        </ol>
      </nav>
      <form
        onSubmit={next}
        noValidate
        aria-labelledby="step-title"
        className={styles.form}
        style={{ maxWidth: 'none' }}
      >
        <StepHeading step={step} />
        <ErrorSummary errors={errors} />
        {step === 1 && (
          <PersonStep
            draft={person}
            errors={errors}
            choosesCompany={choosesCompany}
            onChange={(c) => setPerson((p) => ({ ...p, ...c }))}
          />
        )}
        {step === 2 && (
          <JobStep draft={job} errors={errors} onChange={(c) => setJob((j) => ({ ...j, ...c }))} />
        )}
        {step === 3 && match.data && <MatchStep match={match.data} />}
        {step === 4 && (
          <>
            <TemplatePicker
              companyCode={companyCode}
              error={errors.templateId ?? errors.optionalItems}
              onLoad={(template, optionalItems) => {
                const chosen = chooseTemplate(template, optionalItems);
                setLinesState(chosen.lines);
                setTemplateChoice(chosen.choice);
              }}
            />
            {templateChoice && (
              <Text role="status">
                {templateApplies(templateChoice, lines)
                  ? `The bundle is the template ${templateChoice.name} (version ${templateChoice.version}); the request records it.`
                  : `Changed after loading the template ${templateChoice.name}: the request is for the apps below, without naming the template.`}
              </Text>
            )}
            <BundleEditor
              lines={lines}
              setLines={setLines}
              companyCode={companyCode}
              currency={currency}
              errors={errors}
            >
              <Field
                label="Justification"
                hint="Optional; the approvers read it with the request."
                validationMessage={errors.justification}
                style={{ marginTop: 12 }}
              >
                <Textarea
                  value={justification}
                  maxLength={4000}
                  onChange={(_e, d) => setJustification(d.value)}
                />
              </Field>
            </BundleEditor>
          </>
        )}
        {recordedId && step === 4 && submit.isError && (
          <MessageBar intent="warning">
            <MessageBarBody>
              The hire is recorded as a draft but not submitted. Fix the bundle and submit again, or{' '}
              <Link to={`/new-hires/${encodeURIComponent(recordedId)}`}>open the hire’s page</Link>.
            </MessageBarBody>
          </MessageBar>
        )}
        {failure && !(failure instanceof ApiError && failure.fieldErrors.length > 0) && (
          <ErrorState error={failure} />
        )}
        <div className={styles.row}>
          {step > 1 && (
            <Button type="button" disabled={busy} onClick={() => go((step - 1) as Step)}>
              Back
            </Button>
          )}
          <Button appearance="primary" type="submit" disabled={busy}>
            {step === 1
              ? 'Next: job description'
              : step === 2
                ? match.isPending
                  ? 'Matching…'
                  : 'Next: propose apps'
                : step === 3
                  ? 'Next: adjust'
                  : submit.isPending
                    ? 'Submitting…'
                    : 'Submit the request'}
          </Button>
        </div>
      </form>
    </>
  );
}

// Suggested templates (HR, Admin): per job title and per department, the apps at least a share of
// the role's people actively used in the last 60 days, with the cost per person. Accept one as a new
// template, or as the next version of the template the company already has for that role.
import {
  Button,
  Card,
  CardHeader,
  Checkbox,
  Field,
  Input,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useAcceptSuggestion, useSuggestions, useTemplates, type Suggestion } from '../../api/templates';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, QueryState } from '../../components/PageState';
import { formatMoney, formatShare } from '../../format/format';
import { CompanyPicker } from './templateParts';

const useStyles = makeStyles({
  list: { display: 'grid', gap: '16px', listStyleType: 'none', margin: 0, padding: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  controls: { display: 'flex', gap: '16px', flexWrap: 'wrap', alignItems: 'end', marginBottom: '16px' },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'end' },
});

const suggestedCode = (s: Suggestion): string =>
  (s.roleTitle ?? s.department ?? 'ROLE')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30) || 'ROLE';

function SuggestionCard({
  suggestion,
  company,
  index,
}: {
  suggestion: Suggestion;
  company: string;
  index: number;
}) {
  const styles = useStyles();
  const navigate = useNavigate();
  const accept = useAcceptSuggestion();
  const [kept, setKept] = useState<string[]>(suggestion.items.map((i) => i.app));
  const [code, setCode] = useState(suggestedCode(suggestion));
  const [name, setName] = useState(
    suggestion.roleTitle ?? suggestion.departmentName ?? suggestion.department ?? '',
  );
  const problem = accept.error instanceof ApiError ? accept.error : undefined;
  const title =
    suggestion.basis === 'title'
      ? (suggestion.roleTitle ?? '')
      : `${suggestion.departmentName ?? suggestion.department ?? ''} department`;
  const titleId = `suggestion-${index}`;
  const existing = suggestion.existingTemplate?.editable ? suggestion.existingTemplate : null;

  const send = (into: 'new' | 'existing') => (event?: FormEvent) => {
    event?.preventDefault();
    accept.mutate(
      {
        companyCode: company,
        basis: suggestion.basis,
        ...(suggestion.roleTitle && suggestion.basis === 'title' && { roleTitle: suggestion.roleTitle }),
        ...(suggestion.department &&
          suggestion.basis === 'department' && { department: suggestion.department }),
        items: suggestion.items
          .filter((i) => kept.includes(i.app))
          .map((i) => ({ app: i.app, seats: 1, optional: false })),
        ...(into === 'existing' && existing
          ? { templateId: existing.id, expectedVersion: existing.currentVersion }
          : { code, name }),
      },
      { onSuccess: (saved) => void navigate(`/templates/${saved.id}`) },
    );
  };

  return (
    <li>
      <Card aria-labelledby={titleId}>
        <CardHeader
          header={
            <Text as="h2" id={titleId} weight="semibold" size={400}>
              {title}
            </Text>
          }
          description={
            <span className={styles.muted}>
              {suggestion.people} people ·{' '}
              {formatMoney(suggestion.costPerPerson.monthly, suggestion.costPerPerson.currency)} per person a
              month
              {suggestion.existingTemplate &&
                ` · template ${suggestion.existingTemplate.code} covers this role`}
            </span>
          }
        />
        <fieldset>
          <legend>Apps to keep</legend>
          {suggestion.items.map((i) => (
            <Checkbox
              key={i.app}
              checked={kept.includes(i.app)}
              onChange={(_e, d) =>
                setKept((list) => (d.checked ? [...list, i.app] : list.filter((a) => a !== i.app)))
              }
              label={`${i.appName}: used by ${i.activePeople} of ${suggestion.people} (${formatShare(i.share)})${
                i.price
                  ? `, ${formatMoney(i.price.monthlyCost, suggestion.costPerPerson.currency)} a month`
                  : ''
              }`}
            />
          ))}
        </fieldset>
        <form
          className={styles.row}
          onSubmit={send('new')}
          noValidate
          aria-label={`Accept ${title} as a new template`}
        >
          <Field label="Code" validationMessage={problem?.fieldError('code')}>
            <Input value={code} onChange={(_e, d) => setCode(d.value.toUpperCase())} maxLength={40} />
          </Field>
          <Field label="Name" validationMessage={problem?.fieldError('name')}>
            <Input value={name} onChange={(_e, d) => setName(d.value)} maxLength={200} />
          </Field>
          <Button type="submit" appearance="primary" disabled={accept.isPending || kept.length === 0}>
            Accept as a new template
          </Button>
          {existing && (
            <Button disabled={accept.isPending || kept.length === 0} onClick={() => send('existing')()}>
              Accept as version {existing.currentVersion + 1} of {existing.code}
            </Button>
          )}
        </form>
        {accept.error !== null && <ErrorState error={accept.error} />}
      </Card>
    </li>
  );
}

export default function TemplateSuggestions() {
  const styles = useStyles();
  const [params, setParams] = useSearchParams();
  const company = params.get('company') ?? undefined;
  const [shareText, setShareText] = useState(params.get('minShare') ?? '0.5');
  const minShare = Number(params.get('minShare') ?? '0.5');
  const templates = useTemplates(company);
  const suggestions = useSuggestions(company, minShare);
  const chosen = company ?? suggestions.data?.company ?? '';
  const shareProblem =
    suggestions.error instanceof ApiError ? suggestions.error.fieldError('minShare') : undefined;
  return (
    <>
      <PageHeader title="Suggested templates" />
      <div className={styles.controls}>
        {templates.data && (
          <CompanyPicker
            companies={templates.data.companies}
            value={chosen}
            onChange={(code) => setParams({ company: code, minShare: String(minShare) })}
          />
        )}
        <form
          className={styles.row}
          onSubmit={(event) => {
            event.preventDefault();
            setParams({ ...(chosen && { company: chosen }), minShare: shareText });
          }}
        >
          <Field
            label="Share of the role's people using an app"
            hint="From 0.05 to 1; 0.5 is half of them."
            validationMessage={shareProblem}
          >
            <Input
              type="number"
              min={0.05}
              max={1}
              step={0.05}
              value={shareText}
              onChange={(_e, d) => setShareText(d.value)}
            />
          </Field>
          <Button type="submit">Show</Button>
        </form>
      </div>
      {shareProblem ? null : (
        <QueryState
          query={suggestions}
          isEmpty={(d) => d.suggestions.length === 0}
          empty="No role has enough people using the same apps at this share. Try a lower share."
          label="Mining usage…"
        >
          {(data) => (
            <>
              <Text block className={styles.muted}>
                Apps used by at least {formatShare(data.minShare)} of a role&apos;s people in the last{' '}
                {data.windowDays} days; roles with fewer than {data.minPeople} people are left out.
              </Text>
              <ul className={styles.list} aria-label="Suggestions">
                {data.suggestions.map((s, index) => (
                  <SuggestionCard
                    key={`${data.company}:${data.minShare}:${s.basis}:${s.roleTitle ?? s.department ?? ''}`}
                    suggestion={s}
                    company={data.company}
                    index={index}
                  />
                ))}
              </ul>
            </>
          )}
        </QueryState>
      )}
      {suggestions.error !== null && shareProblem === undefined && suggestions.data !== undefined && (
        <ErrorState error={suggestions.error} />
      )}
    </>
  );
}

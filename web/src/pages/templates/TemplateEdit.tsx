// Create or edit a purchase template: code, name, a role (job title) or a department, and its apps
// (plan, seats per person 1…100, optional). The form checks what it can before sending (a role or a
// department, seats, an app only once) and shows the API's own field errors the same way; saving an
// edit makes the next version, and an edit of a version someone else replaced meanwhile is refused.
import {
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import {
  MAX_SEATS,
  templateProblems,
  useSaveTemplate,
  useTemplate,
  type TemplateDetail,
} from '../../api/templates';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, QueryState } from '../../components/PageState';

const useStyles = makeStyles({
  form: { display: 'grid', gap: '12px', maxWidth: '720px' },
  item: {
    display: 'flex',
    gap: '8px',
    flexWrap: 'wrap',
    alignItems: 'end',
    padding: '12px',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
});

interface ItemDraft {
  key: number;
  app: string;
  plan: string;
  seats: string;
  optional: boolean;
}

function TemplateForm({ template, companyCode }: { template?: TemplateDetail; companyCode?: string }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const save = useSaveTemplate(template?.id);
  const [code, setCode] = useState(template?.code ?? '');
  const [name, setName] = useState(template?.name ?? '');
  const [description, setDescription] = useState(template?.description ?? '');
  const [roleTitle, setRoleTitle] = useState(template?.roleTitle ?? '');
  const [department, setDepartment] = useState(template?.department ?? '');
  const [items, setItems] = useState<ItemDraft[]>(
    (template?.items ?? []).map((i, index) => ({
      key: index + 1,
      app: i.app,
      plan: i.plan ?? '',
      seats: String(i.seats),
      optional: i.optional,
    })),
  );
  const [nextKey, setNextKey] = useState(items.length + 1);
  const [local, setLocal] = useState<Record<string, string>>({});
  const server = save.error instanceof ApiError ? save.error : undefined;
  const message = (path: string) => local[path] ?? server?.fieldError(path);

  const update = (key: number, change: Partial<ItemDraft>) =>
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...change } : i)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = templateProblems({ roleTitle, department, items });
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    save.mutate(
      {
        ...(template === undefined && companyCode ? { companyCode } : {}),
        code: code.trim(),
        name: name.trim(),
        description: description.trim(),
        ...(roleTitle.trim() && { roleTitle: roleTitle.trim() }),
        ...(department.trim() && { department: department.trim() }),
        items: items.map((i) => ({
          app: i.app.trim(),
          ...(i.plan.trim() && { plan: i.plan.trim() }),
          seats: Number(i.seats),
          optional: i.optional,
        })),
        ...(template && { expectedVersion: template.currentVersion }),
      },
      { onSuccess: (saved) => void navigate(`/templates/${saved.id}`) },
    );
  };

  const problemCount = Object.keys(local).length;
  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      <Field
        label="Code"
        required
        hint="Capital letters, digits and -, e.g. ENG-STARTER"
        validationMessage={message('code')}
      >
        <Input value={code} onChange={(_e, d) => setCode(d.value.toUpperCase())} maxLength={40} />
      </Field>
      <Field label="Name" required validationMessage={message('name')}>
        <Input value={name} onChange={(_e, d) => setName(d.value)} maxLength={200} />
      </Field>
      <Field label="Description" validationMessage={message('description')}>
        <Textarea value={description} onChange={(_e, d) => setDescription(d.value)} maxLength={2000} />
      </Field>
      <Field
        label="Role (job title)"
        hint="A role, a department, or both."
        validationMessage={message('roleTitle')}
      >
        <Input value={roleTitle} onChange={(_e, d) => setRoleTitle(d.value)} maxLength={200} />
      </Field>
      <Field label="Department code" validationMessage={message('department')}>
        <Input value={department} onChange={(_e, d) => setDepartment(d.value.toUpperCase())} maxLength={20} />
      </Field>
      <fieldset className={styles.form}>
        <legend>
          <Text weight="semibold">Apps</Text>
        </legend>
        {message('items') && <Text role="alert">{message('items')}</Text>}
        {items.map((item, index) => (
          <div key={item.key} className={styles.item} role="group" aria-label={`App ${index + 1}`}>
            <Field label={`App ${index + 1}`} validationMessage={message(`items.${index}.app`)}>
              <Input
                value={item.app}
                onChange={(_e, d) => update(item.key, { app: d.value.trim().toLowerCase() })}
              />
            </Field>
            <Field label="Plan (optional)" validationMessage={message(`items.${index}.plan`)}>
              <Input value={item.plan} onChange={(_e, d) => update(item.key, { plan: d.value })} />
            </Field>
            <Field label="Seats per person" validationMessage={message(`items.${index}.seats`)}>
              <Input
                type="number"
                min={1}
                max={MAX_SEATS}
                value={item.seats}
                onChange={(_e, d) => update(item.key, { seats: d.value })}
              />
            </Field>
            <Checkbox
              label="Optional"
              checked={item.optional}
              onChange={(_e, d) => update(item.key, { optional: d.checked === true })}
            />
            <Button onClick={() => setItems((list) => list.filter((i) => i.key !== item.key))}>
              Remove app {index + 1}
            </Button>
          </div>
        ))}
        <div className={styles.row}>
          <Button
            onClick={() => {
              setItems((list) => [...list, { key: nextKey, app: '', plan: '', seats: '1', optional: false }]);
              setNextKey((k) => k + 1);
            }}
          >
            Add an app
          </Button>
        </div>
      </fieldset>
      <div aria-live="polite">
        {problemCount > 0 && (
          <MessageBar intent="error">
            <MessageBarBody>
              Fix the {problemCount === 1 ? 'field' : `${problemCount} fields`} marked above.
            </MessageBarBody>
          </MessageBar>
        )}
        {server && server.status === 409 && (
          <MessageBar intent="warning" role="alert">
            <MessageBarBody>{server.detail ?? server.title}</MessageBarBody>
          </MessageBar>
        )}
        {server && server.status !== 409 && server.fieldErrors.length > 0 && (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>
              The template was not saved: {server.fieldErrors.map((e) => e.message).join('; ')}
            </MessageBarBody>
          </MessageBar>
        )}
        {save.error !== null && !(server && (server.status === 409 || server.fieldErrors.length > 0)) && (
          <ErrorState error={save.error} />
        )}
      </div>
      <div className={styles.row}>
        <Button appearance="primary" type="submit" disabled={save.isPending}>
          {template ? `Save as version ${template.currentVersion + 1}` : 'Create template'}
        </Button>
      </div>
    </form>
  );
}

export function NewTemplate() {
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader title="New purchase template" />
      <TemplateForm companyCode={params.get('company') ?? undefined} />
    </>
  );
}

export default function EditTemplate() {
  const id = Number(useParams().id);
  const template = useTemplate(id);
  return (
    <QueryState query={template}>
      {(t) => (
        <>
          <PageHeader title={`Edit ${t.name}`} />
          <TemplateForm key={`${t.id}:${t.currentVersion}`} template={t} />
        </>
      )}
    </QueryState>
  );
}

// Loads one of the company's purchase templates into a hire's bundle: pick the template, tick the
// optional items wanted, load. The wizard keeps the choice until it submits; a draft hire's page
// puts it on the hire at once (PUT /api/new-hires/{id}/bundle with templateId and optionalItems).
import { Button, Checkbox, Field, makeStyles, Select, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTemplates, type Template } from '../../api/templates';
import { QueryState } from '../../components/PageState';
import { formatMoney } from '../../format/format';

const useStyles = makeStyles({
  box: { display: 'grid', gap: '8px', marginBottom: '16px' },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'end' },
  muted: { color: tokens.colorNeutralForeground2 },
  options: { display: 'grid', gap: '2px', border: 'none', margin: 0, padding: 0 },
});

export function TemplatePicker({
  companyCode,
  onLoad,
  busy = false,
  error,
}: {
  companyCode: string;
  onLoad: (template: Template, optionalItems: string[]) => void;
  busy?: boolean;
  /** the API's word on a template it refused (field templateId or optionalItems.N) */
  error?: string | undefined;
}) {
  const styles = useStyles();
  const templates = useTemplates(companyCode);
  const [chosen, setChosen] = useState<string>('');
  const [optional, setOptional] = useState<string[]>([]);
  const [problem, setProblem] = useState<string>();
  return (
    <section className={styles.box} aria-labelledby="template-title">
      <Text as="h3" id="template-title" size={400} weight="semibold">
        Start from a purchase template
      </Text>
      <QueryState
        query={templates}
        label="Loading the templates…"
        isEmpty={(d) => d.templates.filter((t) => !t.archived).length === 0}
        empty={
          <>
            {companyCode} has no purchase template yet. <Link to="/templates">Templates</Link>
          </>
        }
      >
        {(data) => {
          const list = data.templates.filter((t) => !t.archived);
          const template = list.find((t) => String(t.id) === chosen);
          const load = () => {
            if (!template) return setProblem('Choose a template to load.');
            setProblem(undefined);
            onLoad(template, optional);
          };
          return (
            <>
              <Field
                label="Template"
                hint="Loading it replaces the apps in the bundle with the template’s."
                validationMessage={problem ?? error}
              >
                <Select
                  value={chosen}
                  onChange={(_e, d) => {
                    setChosen(d.value);
                    setOptional([]);
                    setProblem(undefined);
                  }}
                >
                  <option value="">Choose a template</option>
                  {list.map((t) => (
                    <option key={t.id} value={String(t.id)}>
                      {t.name} (version {t.currentVersion},{' '}
                      {formatMoney(t.costPerPerson.monthly, t.costPerPerson.currency)} a month)
                    </option>
                  ))}
                </Select>
              </Field>
              {template && template.items.some((i) => i.optional) && (
                <fieldset className={styles.options}>
                  <legend>Optional items to include</legend>
                  {template.items
                    .filter((i) => i.optional)
                    .map((i) => (
                      <Checkbox
                        key={i.app}
                        label={`${i.appName}${i.planName ? ` (${i.planName})` : ''}`}
                        checked={optional.includes(i.app)}
                        onChange={(_e, d) =>
                          setOptional((list) =>
                            d.checked ? [...list, i.app] : list.filter((slug) => slug !== i.app),
                          )
                        }
                      />
                    ))}
                </fieldset>
              )}
              {template && (
                <Text size={200} className={styles.muted}>
                  Everyone gets:{' '}
                  {template.items
                    .filter((i) => !i.optional)
                    .map((i) => i.appName)
                    .join(', ') || '—'}
                </Text>
              )}
              <div className={styles.row}>
                <Button onClick={load} disabled={busy}>
                  {busy ? 'Loading…' : 'Load the template into the bundle'}
                </Button>
              </div>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}

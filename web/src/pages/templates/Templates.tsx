// Purchase templates: the company's and the group-wide bundles per role or department, their current
// version and cost per person; HR and Admin pick the company, create, edit and see suggestions.
import { Card, CardHeader, makeStyles, Text, tokens } from '@fluentui/react-components';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../../api/queries';
import { useTemplates } from '../../api/templates';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/PageState';
import { formatMoney } from '../../format/format';
import { CompanyPicker, ItemsTable, roleLabel, writesTemplates } from './templateParts';

const useStyles = makeStyles({
  list: { display: 'grid', gap: '16px', listStyleType: 'none', margin: 0, padding: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  links: { display: 'flex', gap: '16px', flexWrap: 'wrap' },
});

export default function Templates() {
  const styles = useStyles();
  const me = useMe().data!;
  const [params, setParams] = useSearchParams();
  const company = params.get('company') ?? undefined;
  const templates = useTemplates(company);
  const writer = writesTemplates(me);
  const chosen = company ?? templates.data?.company ?? me.company.code;
  return (
    <>
      <PageHeader title="Purchase templates">
        {writer && <Link to={`/templates/new?company=${encodeURIComponent(chosen)}`}>New template</Link>}
        {writer && (
          <Link to={`/templates/suggestions?company=${encodeURIComponent(chosen)}`}>Suggestions</Link>
        )}
      </PageHeader>
      {templates.data && (
        <CompanyPicker
          companies={templates.data.companies}
          value={chosen}
          onChange={(code) => setParams({ company: code })}
        />
      )}
      <QueryState
        query={templates}
        isEmpty={(d) => d.templates.length === 0}
        empty={
          writer ? (
            <>
              No templates for {chosen} yet.{' '}
              <Link to={`/templates/suggestions?company=${chosen}`}>See suggestions</Link> or{' '}
              <Link to={`/templates/new?company=${chosen}`}>create one</Link>.
            </>
          ) : (
            'Your company has no purchase templates yet.'
          )
        }
      >
        {(data) => (
          <ul className={styles.list} aria-label="Templates">
            {data.templates.map((t) => (
              <li key={t.id}>
                <Card aria-labelledby={`template-${t.id}`}>
                  <CardHeader
                    header={
                      <Text as="h2" id={`template-${t.id}`} weight="semibold" size={400}>
                        <Link to={`/templates/${t.id}`}>{t.name}</Link>
                      </Text>
                    }
                    description={
                      <span className={styles.muted}>
                        {t.code} · {roleLabel(t)} · version {t.currentVersion} ·{' '}
                        {t.companyCode ? t.companyCode : 'group-wide'}
                      </span>
                    }
                  />
                  {t.description && <Text>{t.description}</Text>}
                  <Text weight="semibold">
                    {formatMoney(t.costPerPerson.monthly, data.currency)} per person a month
                    {t.costPerPerson.optionalMonthly > 0 &&
                      ` (+ up to ${formatMoney(t.costPerPerson.optionalMonthly, data.currency)} optional)`}
                  </Text>
                  <ItemsTable items={t.items} currency={data.currency} label={`Apps in ${t.name}`} />
                  <div className={styles.links}>
                    <Link to={`/templates/${t.id}#request`}>Request this template</Link>
                    {t.editable && <Link to={`/templates/${t.id}/edit`}>Edit {t.name}</Link>}
                    <Link to={`/templates/${t.id}#history`}>Version history</Link>
                  </div>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}

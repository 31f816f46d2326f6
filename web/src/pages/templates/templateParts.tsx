// Pieces the template pages share: who writes templates, the company picker, and the items table.
import {
  Field,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { TemplateItem } from '../../api/templates';
import type { Me } from '../../api/types';
import { formatMoney, formatNumber } from '../../format/format';

/** HR and Admin edit templates (the API decides which companies). */
export const writesTemplates = (me: Me): boolean => me.roles.some((r) => r === 'HR' || r === 'Admin');

export function CompanyPicker({
  companies,
  value,
  onChange,
}: {
  companies: { code: string; name: string }[];
  value: string;
  onChange: (code: string) => void;
}) {
  if (companies.length < 2) return null;
  return (
    <Field label="Company">
      <Select value={value} onChange={(_e, d) => onChange(d.value)}>
        {companies.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name} ({c.code})
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function roleLabel(t: { roleTitle: string | null; department: string | null }): string {
  return [t.roleTitle, t.department && `department ${t.department}`].filter(Boolean).join(' · ') || '—';
}

export function ItemsTable({
  items,
  currency,
  label,
}: {
  items: TemplateItem[];
  currency: string;
  label: string;
}) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table aria-label={label} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>App</TableHeaderCell>
            <TableHeaderCell>Plan</TableHeaderCell>
            <TableHeaderCell>Seats per person</TableHeaderCell>
            <TableHeaderCell>Optional</TableHeaderCell>
            <TableHeaderCell>Per month</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((i) => (
            <TableRow key={i.app}>
              <TableCell>{i.appName}</TableCell>
              <TableCell>{i.planName ?? i.price?.planName ?? 'default'}</TableCell>
              <TableCell>{formatNumber(i.seats)}</TableCell>
              <TableCell>{i.optional ? 'optional' : 'included'}</TableCell>
              <TableCell>{i.price ? formatMoney(i.price.monthlyCost, currency) : 'not priced'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

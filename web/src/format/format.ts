// Dates, money and numbers for the person's locale and time zone (the browser's), with Intl.
const locale = (): string | undefined => (typeof navigator !== 'undefined' ? navigator.language : undefined);

export function formatMoney(amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '—';
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: currency.trim() }).format(amount);
}

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale()).format(value);
}

/** A calendar day (YYYY-MM-DD or an ISO timestamp's day), not moved by the time zone. */
export function formatDay(value: string | null | undefined): string {
  if (!value) return '—';
  const day = value.slice(0, 10);
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** An instant, in the person's time zone. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatRelative(value: string | null | undefined, now = Date.now()): string {
  if (!value) return 'never';
  const days = Math.round((new Date(value).getTime() - now) / 86_400_000);
  return new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' }).format(days, 'day');
}

/** "department_head" → "Department head" */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const APPROVER_LABELS: Record<string, string> = {
  manager: 'Manager',
  department_head: 'Department head',
  cto: 'CTO',
  finance: 'Finance',
};

/** An approval step's kind as people say it: "cto" → "CTO". */
export function approverLabel(kind: string): string {
  return APPROVER_LABELS[kind] ?? humanize(kind);
}

/** A share from 0 to 1 as a percentage: 0.42 → "42%". */
export function formatShare(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: digits }).format(value);
}

/** A length of time in seconds, as people say it: "45 s", "3 min 5 s", "1 h 2 min". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return total % 60 ? `${minutes} min ${total % 60} s` : `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The time from one instant to another, or "—" when either is missing. */
export function formatDuration(from: string | null | undefined, to: string | null | undefined): string {
  if (!from || !to) return '—';
  const ms = new Date(to).getTime() - new Date(from).getTime();
  return Number.isFinite(ms) ? formatSeconds(ms / 1000) : '—';
}

import { Badge, type BadgeProps } from '@fluentui/react-components';
import { humanize } from '../format/format';

const colors: Record<string, BadgeProps['color']> = {
  pending: 'warning',
  waiting: 'warning',
  approved: 'brand',
  fulfilled: 'success',
  active: 'success',
  rejected: 'danger',
  expired: 'subtle',
  cancelled: 'subtle',
  open: 'warning',
  accepted: 'success',
  dismissed: 'subtle',
  running: 'brand',
  completed: 'success',
  failed: 'danger',
  // a new hire: recorded but not yet asked for (draft), waiting on its request, started, cancelled
  draft: 'informative',
  requested: 'warning',
  started: 'success',
};

/** The badge colour of a status; one the portal does not know yet is informative. */
export const statusColor = (status: string): BadgeProps['color'] => colors[status] ?? 'informative';

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge appearance="tint" color={statusColor(status)}>
      {humanize(status)}
    </Badge>
  );
}

// Who may change a hire (the API decides; this only shapes what is offered). Who sees the hires is
// components/navigation.ts's seesNewHires.
import type { Me } from '../../api/types';

/** HR and Admins record hires, adjust bundles, move start dates and cancel */
export const canRecordHires = (me: Me): boolean => me.roles.some((r) => r === 'HR' || r === 'Admin');

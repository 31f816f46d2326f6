// Which pages a person sees in the navigation, from their roles (GET /api/me).
import type { Me, Role } from '../api/types';

export interface NavItem {
  to: string;
  label: string;
}

const APPROVER_ROLES: Role[] = ['Manager', 'CTO', 'Finance', 'Admin', 'HR'];

export const isApprover = (me: Me): boolean => me.roles.some((r) => APPROVER_ROLES.includes(r));
export const isAdmin = (me: Me): boolean => me.roles.includes('Admin');
const hasAny = (me: Me, roles: Role[]): boolean => me.roles.some((r) => roles.includes(r));
/** who sees the AI engine's recommendations (the API scopes them to the person's companies) */
export const seesRecommendations = (me: Me): boolean => hasAny(me, ['CTO', 'Finance', 'Admin']);
/** who may start, watch and cancel similarity jobs */
export const runsSimilarityJobs = (me: Me): boolean => hasAny(me, ['CTO', 'Admin']);

/** who sees the new hires (HR and Admins record them; a Manager sees their own) */
export const seesNewHires = (me: Me): boolean => hasAny(me, ['HR', 'Admin', 'Manager']);

export function navigationFor(me: Me): NavItem[] {
  return [
    { to: '/', label: 'Home' },
    { to: '/software', label: 'My software' },
    { to: '/request', label: 'Request software' },
    { to: '/requests', label: 'My requests' },
    { to: '/templates', label: 'Templates' },
    ...(isApprover(me) ? [{ to: '/approvals', label: 'Approvals' }] : []),
    ...(seesRecommendations(me) ? [{ to: '/recommendations', label: 'Recommendations' }] : []),
    ...(runsSimilarityJobs(me) ? [{ to: '/similarity-jobs', label: 'Similarity jobs' }] : []),
    ...(seesNewHires(me) ? [{ to: '/new-hires', label: 'New hires' }] : []),
    ...(isAdmin(me) ? [{ to: '/unknown-apps', label: 'Unknown apps' }] : []),
    ...(isAdmin(me) ? [{ to: '/admin', label: 'Admin' }] : []),
  ];
}

// Which pages a person sees in the navigation, from their roles (GET /api/me).
import type { Me, Role } from '../api/types';

export interface NavItem {
  to: string;
  label: string;
}

const APPROVER_ROLES: Role[] = ['Manager', 'CTO', 'Finance', 'Admin', 'HR'];

export const isApprover = (me: Me): boolean => me.roles.some((r) => APPROVER_ROLES.includes(r));
export const isAdmin = (me: Me): boolean => me.roles.includes('Admin');

export function navigationFor(me: Me): NavItem[] {
  return [
    { to: '/', label: 'Home' },
    { to: '/software', label: 'My software' },
    { to: '/request', label: 'Request software' },
    { to: '/requests', label: 'My requests' },
    ...(isApprover(me) ? [{ to: '/approvals', label: 'Approvals' }] : []),
    ...(isAdmin(me) ? [{ to: '/admin', label: 'Admin' }] : []),
  ];
}

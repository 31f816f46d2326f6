// The rules that need no database: which roles count, which companies a principal reaches, and
// where the local sign-in page may send a token.
import { describe, expect, it } from 'vitest';
import { requireRole } from '../../shared/identity/authenticate';
import { companyInScope, scopeLevel } from '../../shared/identity/companyScope';
import type { Principal, UserPrincipal } from '../../shared/identity/principal';
import { rolesFromClaim, type Role } from '../../shared/identity/roles';
import { allowedRedirect } from '../../devhost/identity/identityRoutes';

const user = (roles: Role[], groupWide = false): UserPrincipal => ({
  kind: 'user',
  employeeId: 1,
  companyId: 10,
  companyCode: 'SCB',
  groupId: 1,
  groupCode: 'NORDA',
  email: 'a@scb.example.com',
  displayName: 'A',
  roles: new Set(roles),
  groupWide,
});
const pipeline: Principal = { kind: 'app', clientId: 'p', roles: new Set<Role>(['Ingest']) };

describe('roles from the claim', () => {
  it('keeps the known roles of the caller’s kind and ignores the rest', () => {
    expect([...rolesFromClaim(['HR', 'hr', 'Ingest', 42, 'Boss'], 'user')]).toEqual(['HR']);
    expect([...rolesFromClaim(['Ingest', 'Admin'], 'app')]).toEqual(['Ingest']);
    expect([...rolesFromClaim('Finance', 'user')]).toEqual(['Finance']);
    expect(rolesFromClaim(undefined, 'user').size).toBe(0);
  });
});

describe('company scope', () => {
  it('gives HR, CTO, Finance and Admin their own company, and group-wide holders every company', () => {
    for (const role of ['HR', 'CTO', 'Finance', 'Admin'] as const) {
      expect(companyInScope(user([role]), 10)).toBe(true);
      expect(companyInScope(user([role]), 11)).toBe(false);
      expect(companyInScope(user([role], true), 11)).toBe(true);
    }
  });

  it('gives employees, managers and applications no company', () => {
    expect(companyInScope(user(['Employee', 'Manager']), 10)).toBe(false);
    expect(companyInScope(pipeline, 10)).toBe(false);
  });

  it('names the widest reach', () => {
    expect(scopeLevel(user(['Employee']))).toBe('self');
    expect(scopeLevel(user(['Employee', 'Manager']))).toBe('reports');
    expect(scopeLevel(user(['Manager', 'Finance']))).toBe('company');
    expect(scopeLevel(user(['CTO'], true))).toBe('group');
    expect(scopeLevel(pipeline)).toBe('none');
  });

  it('requireRole answers 403 problem+json naming the role', () => {
    expect(requireRole(pipeline, 'Ingest')).toBeUndefined();
    const denied = requireRole(user(['Employee']), 'Ingest');
    expect(denied?.status).toBe(403);
    expect(denied?.jsonBody).toMatchObject({ requiredRoles: ['Ingest'] });
  });
});

describe('sign-in redirects', () => {
  const origin = 'http://127.0.0.1:7071';
  it('allows this host and loopback addresses only', () => {
    expect(allowedRedirect('http://127.0.0.1:7071/portal#x', origin)?.toString()).toBe(
      'http://127.0.0.1:7071/portal',
    );
    expect(allowedRedirect('http://localhost:5173/callback', origin)).toBeDefined();
    expect(allowedRedirect('http://[::1]:5173/', origin)).toBeDefined();
    expect(allowedRedirect('https://evil.example.com/', origin)).toBeUndefined();
    expect(allowedRedirect('http://127.0.0.1.evil.example.com/', origin)).toBeUndefined();
    expect(allowedRedirect('javascript:alert(1)', origin)).toBeUndefined();
    expect(allowedRedirect('http://user@localhost/', origin)).toBeUndefined();
  });
});

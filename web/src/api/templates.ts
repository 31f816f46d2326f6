// Purchase templates (F4): the shapes /api/purchase-templates answers with, its hooks, and the rules
// the edit form checks before sending (the API checks the same and names the field).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from './apiContext';

export interface LinePrice {
  plan: string;
  planName: string;
  monthlyCost: number;
  priceSource: 'contract' | 'catalog';
  note?: string;
}

export interface CostPerPerson {
  currency: string;
  monthly: number;
  annual: number;
  optionalMonthly: number;
  unpriced: number;
}

export interface TemplateItem {
  app: string;
  appName: string;
  plan: string | null;
  planName: string | null;
  seats: number;
  optional: boolean;
  price: LinePrice | null;
}

export interface Template {
  id: number;
  code: string;
  name: string;
  description: string;
  companyCode: string | null;
  roleTitle: string | null;
  department: string | null;
  currentVersion: number;
  archived: boolean;
  updatedAt: string;
  editable: boolean;
  items: TemplateItem[];
  costPerPerson: CostPerPerson;
}

export interface TemplateList {
  company: string;
  currency: string;
  companies: { code: string; name: string }[];
  templates: Template[];
}

export interface TemplateDetail extends Template {
  versions: { version: number; name: string; createdAt: string; createdBy: string | null; items: number }[];
}

export interface TemplateVersion {
  templateId: number;
  code: string;
  version: number;
  current: boolean;
  name: string;
  description: string;
  roleTitle: string | null;
  department: string | null;
  createdAt: string;
  createdBy: string | null;
  items: { app: string; appName: string; plan: string | null; seats: number; optional: boolean }[];
}

export interface Suggestion {
  basis: 'title' | 'department';
  roleTitle: string | null;
  department: string | null;
  departmentName: string | null;
  people: number;
  items: {
    app: string;
    appName: string;
    activePeople: number;
    share: number;
    seats: 1;
    optional: false;
    price: LinePrice | null;
  }[];
  costPerPerson: CostPerPerson;
  existingTemplate: {
    id: number;
    code: string;
    name: string;
    currentVersion: number;
    editable: boolean;
  } | null;
}

export interface Suggestions {
  company: string;
  currency: string;
  minShare: number;
  windowDays: number;
  minPeople: number;
  suggestions: Suggestion[];
}

export interface TemplateItemInput {
  app: string;
  plan?: string;
  seats: number;
  optional: boolean;
}

export interface TemplateInput {
  companyCode?: string;
  code: string;
  name: string;
  description?: string;
  roleTitle?: string;
  department?: string;
  items: TemplateItemInput[];
}

export interface AcceptInput {
  companyCode: string;
  basis: 'title' | 'department';
  roleTitle?: string;
  department?: string;
  items: TemplateItemInput[];
  templateId?: number;
  expectedVersion?: number;
  code?: string;
  name?: string;
}

export interface TemplateRequestInput {
  forEmployee?: string;
  justification: string;
  neededBy: string;
  optionalItems: string[];
}

export interface TemplateRequestCreated {
  id: string;
  code: string;
  templateId: number;
  templateVersion: number;
  skipped: { app: string; appName: string; reason: string }[];
}

export const MAX_SEATS = 100;

/** The form's own checks, by field path as the API names them (empty: nothing to say). */
export function templateProblems(input: {
  roleTitle: string;
  department: string;
  items: { app: string; seats: string }[];
}): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!input.roleTitle.trim() && !input.department.trim())
    problems.roleTitle = 'Name a role (job title) or a department.';
  if (input.items.length === 0) problems.items = 'Add at least one app.';
  const seen = new Map<string, number>();
  input.items.forEach((item, index) => {
    const app = item.app.trim();
    if (!app) problems[`items.${index}.app`] = 'Name an app (its slug, e.g. figma).';
    else if (seen.has(app))
      problems[`items.${index}.app`] =
        `${app} is already item ${(seen.get(app) ?? 0) + 1}; an app appears once.`;
    else seen.set(app, index);
    const seats = Number(item.seats);
    if (!Number.isInteger(seats) || seats < 1 || seats > MAX_SEATS)
      problems[`items.${index}.seats`] = `Seats per person are a whole number from 1 to ${MAX_SEATS}.`;
  });
  return problems;
}

const query = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

export function useTemplates(companyCode: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['templates', 'list', companyCode ?? ''],
    queryFn: ({ signal }) => api.get<TemplateList>(`/purchase-templates${query({ companyCode })}`, signal),
  });
}

export function useTemplate(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['templates', 'detail', id],
    queryFn: ({ signal }) => api.get<TemplateDetail>(`/purchase-templates/${id}`, signal),
  });
}

export function useTemplateVersion(id: number, version: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['templates', 'version', id, version],
    queryFn: ({ signal }) =>
      api.get<TemplateVersion>(`/purchase-templates/${id}/versions/${version}`, signal),
    staleTime: Infinity,
  });
}

export function useSuggestions(companyCode: string | undefined, minShare: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['templates', 'suggestions', companyCode ?? '', minShare],
    queryFn: ({ signal }) =>
      api.get<Suggestions>(`/purchase-templates/suggestions${query({ companyCode, minShare })}`, signal),
  });
}

export function useSaveTemplate(id: number | undefined) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TemplateInput & { expectedVersion?: number }) =>
      id === undefined
        ? api.send<{ id: number; version: number }>('POST', '/purchase-templates', input)
        : api.send<{ id: number; version: number }>('PUT', `/purchase-templates/${id}`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['templates'] }),
  });
}

export function useArchiveTemplate(id: number) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => (await api.request('DELETE', `/purchase-templates/${id}`)).data,
    onSuccess: () => client.invalidateQueries({ queryKey: ['templates'] }),
  });
}

export function useAcceptSuggestion() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: AcceptInput) =>
      api.send<{ id: number; version: number }>('POST', '/purchase-templates/suggestions/accept', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['templates'] }),
  });
}

export function useRequestTemplate(id: number) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TemplateRequestInput) =>
      api.send<TemplateRequestCreated>('POST', `/purchase-templates/${id}/request`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['requests'] }),
  });
}

// The demo company group: subsidiaries, departments, job titles and a manager hierarchy, planned in
// memory (no ids yet) so the orchestrator can insert it level by level.
import { addDays, DAY_MS } from './dates';
import { emailPart, personName, type RegionCode } from './names';
import { Random } from './random';

export const GROUP = { code: 'NORDA', name: 'Norda Group', reportingCurrency: 'EUR' } as const;

export interface CompanySpec {
  code: string;
  name: string;
  country: string;
  currency: string;
  /** Headcount at size 1. */
  headcount: number;
  /** Standard-time offset from UTC, for plausible working hours in the usage events. */
  utcOffset: number;
  regions: readonly RegionCode[];
}

const company = (
  code: string,
  name: string,
  country: string,
  currency: string,
  headcount: number,
  utcOffset: number,
  regions: readonly RegionCode[],
): CompanySpec => ({ code, name, country, currency, headcount, utcOffset, regions });

// Mostly euro-area entities, as in a Nordic-rooted group that grew by acquisition; headcounts sum
// to about 5,000. SCB, the original company, comes first.
export const COMPANIES: readonly CompanySpec[] = [
  company('SCB', 'Scandic Cloud Bureau Oy', 'FI', 'EUR', 700, 2, ['fi', 'se']),
  company('NLOG', 'Norda Logistics GmbH', 'DE', 'EUR', 440, 1, ['de']),
  company('STHLM', 'Stockholm Media Group AB', 'SE', 'SEK', 350, 1, ['se']),
  company('AMS', 'Amstel Payments B.V.', 'NL', 'EUR', 290, 1, ['nl']),
  company('VIST', 'Vistula Dev Center sp. z o.o.', 'PL', 'PLN', 280, 1, ['pl', 'ce']),
  company('LUM', 'Lumière Analytics SAS', 'FR', 'EUR', 240, 1, ['fr']),
  company('THAM', 'Thames Advisory Ltd', 'GB', 'GBP', 220, 0, ['uk']),
  company('IBR', 'Iberia Retail Systems S.L.', 'ES', 'EUR', 210, 1, ['es']),
  company('DFL', 'Dublin Fintech Labs Ltd', 'IE', 'EUR', 190, 0, ['uk']),
  company('ISAR', 'Isar Mobility GmbH', 'DE', 'EUR', 180, 1, ['de']),
  company('FJRD', 'Fjordline Maritime Software AS', 'NO', 'NOK', 160, 1, ['no']),
  company('CPHD', 'Copenhagen Design Works ApS', 'DK', 'DKK', 150, 1, ['dk']),
  company('VOLT', 'Voltaic Energy Software S.r.l.', 'IT', 'EUR', 150, 1, ['it']),
  company('WAWEL', 'Wawel Shared Services sp. z o.o.', 'PL', 'PLN', 140, 1, ['pl']),
  company('HELIX', 'Helix Health Tech Oy', 'FI', 'EUR', 130, 2, ['fi']),
  company('RTM', 'Rotterdam Freight Tech B.V.', 'NL', 'EUR', 120, 1, ['nl']),
  company('NAM', 'Norda Americas Inc.', 'US', 'USD', 120, -5, ['us']),
  company('ALPB', 'Alpenblick Insurance Services GmbH', 'AT', 'EUR', 110, 1, ['de']),
  company('BRBT', 'Brabant Robotics NV', 'BE', 'EUR', 100, 1, ['nl', 'fr']),
  company('GBG', 'Göteborg Industrial IoT AB', 'SE', 'SEK', 95, 1, ['se']),
  company('LIMC', 'Limmat Compliance AG', 'CH', 'CHF', 90, 1, ['de', 'fr']),
  company('NWA', 'Northern Works Analytics Ltd', 'GB', 'GBP', 85, 0, ['uk']),
  company('LISD', 'Lisboa Digital Studio Lda', 'PT', 'EUR', 80, 0, ['pt']),
  company('BALX', 'Baltix Data OÜ', 'EE', 'EUR', 75, 2, ['ee']),
  company('RIGA', 'Riga Cloud Services SIA', 'LV', 'EUR', 65, 2, ['lv']),
  company('VLNS', 'Vilnius Software UAB', 'LT', 'EUR', 60, 2, ['lt']),
  company('LUXF', 'Luxora Fund Services S.A.', 'LU', 'EUR', 55, 1, ['fr', 'de']),
  company('AEGT', 'Aegean Travel Tech S.A.', 'GR', 'EUR', 50, 2, ['gr']),
  company('ATX', 'Austin Labs Inc.', 'US', 'USD', 45, -6, ['us']),
];

export type DepartmentCode =
  'EXEC' | 'ENG' | 'DATA' | 'DES' | 'SAL' | 'MKT' | 'SUP' | 'OPS' | 'FIN' | 'HR' | 'IT' | 'LEG';

interface DepartmentSpec {
  code: DepartmentCode;
  name: string;
  /** Share of the headcount outside the executive office. */
  weight: number;
  /** A company gets this department from this headcount on (at the current size). */
  fromHeadcount: number;
  costCentre: number;
  headTitle: (headcount: number) => string;
  directorTitle: string;
  leadTitle: string;
  icTitles: readonly (readonly [string, number])[];
}

const DEPARTMENTS: readonly DepartmentSpec[] = [
  {
    code: 'ENG',
    name: 'Engineering',
    weight: 0.3,
    fromHeadcount: 0,
    costCentre: 4100,
    headTitle: () => 'CTO',
    directorTitle: 'Director of Engineering',
    leadTitle: 'Engineering Manager',
    icTitles: [
      ['Software Engineer', 30],
      ['Senior Software Engineer', 24],
      ['Staff Engineer', 4],
      ['Junior Software Engineer', 6],
      ['Frontend Engineer', 8],
      ['Backend Engineer', 8],
      ['DevOps Engineer', 7],
      ['Site Reliability Engineer', 4],
      ['QA Engineer', 6],
      ['Mobile Developer', 5],
    ],
  },
  {
    code: 'SAL',
    name: 'Sales',
    weight: 0.15,
    fromHeadcount: 0,
    costCentre: 2100,
    headTitle: (n) => (n >= 400 ? 'Chief Revenue Officer' : n >= 100 ? 'VP Sales' : 'Head of Sales'),
    directorTitle: 'Sales Director',
    leadTitle: 'Sales Manager',
    icTitles: [
      ['Account Executive', 34],
      ['Senior Account Executive', 14],
      ['Sales Development Representative', 24],
      ['Account Manager', 16],
      ['Solutions Consultant', 6],
      ['Sales Operations Analyst', 6],
    ],
  },
  {
    code: 'SUP',
    name: 'Customer Support',
    weight: 0.11,
    fromHeadcount: 40,
    costCentre: 2300,
    headTitle: () => 'Head of Customer Support',
    directorTitle: 'Director of Customer Support',
    leadTitle: 'Support Team Lead',
    icTitles: [
      ['Customer Support Specialist', 48],
      ['Senior Support Specialist', 18],
      ['Technical Support Engineer', 16],
      ['Customer Success Manager', 18],
    ],
  },
  {
    code: 'MKT',
    name: 'Marketing',
    weight: 0.08,
    fromHeadcount: 30,
    costCentre: 2200,
    headTitle: (n) => (n >= 400 ? 'CMO' : 'Head of Marketing'),
    directorTitle: 'Director of Marketing',
    leadTitle: 'Marketing Manager',
    icTitles: [
      ['Marketing Specialist', 18],
      ['Content Marketing Manager', 14],
      ['Performance Marketing Manager', 14],
      ['SEO Specialist', 10],
      ['Product Marketing Manager', 14],
      ['Marketing Coordinator', 16],
      ['Social Media Manager', 10],
      ['Graphic Designer', 4],
    ],
  },
  {
    code: 'OPS',
    name: 'Operations',
    weight: 0.08,
    fromHeadcount: 0,
    costCentre: 5100,
    headTitle: (n) => (n >= 250 ? 'COO' : 'Head of Operations'),
    directorTitle: 'Director of Operations',
    leadTitle: 'Operations Manager',
    icTitles: [
      ['Operations Analyst', 28],
      ['Project Manager', 18],
      ['Procurement Specialist', 14],
      ['Business Operations Manager', 12],
      ['Office Manager', 14],
      ['Facilities Coordinator', 8],
      ['Vendor Manager', 6],
    ],
  },
  {
    code: 'DATA',
    name: 'Data & Analytics',
    weight: 0.06,
    fromHeadcount: 80,
    costCentre: 4300,
    headTitle: () => 'Head of Data',
    directorTitle: 'Director of Data',
    leadTitle: 'Analytics Manager',
    icTitles: [
      ['Data Analyst', 34],
      ['Data Engineer', 28],
      ['Data Scientist', 22],
      ['Analytics Engineer', 10],
      ['BI Developer', 6],
    ],
  },
  {
    code: 'DES',
    name: 'Design',
    weight: 0.05,
    fromHeadcount: 60,
    costCentre: 4200,
    headTitle: () => 'Head of Design',
    directorTitle: 'Director of Design',
    leadTitle: 'Design Lead',
    icTitles: [
      ['Product Designer', 42],
      ['Senior Product Designer', 18],
      ['UX Researcher', 14],
      ['UI Designer', 12],
      ['Graphic Designer', 14],
    ],
  },
  {
    code: 'FIN',
    name: 'Finance',
    weight: 0.06,
    fromHeadcount: 0,
    costCentre: 6100,
    headTitle: () => 'CFO',
    directorTitle: 'Finance Director',
    leadTitle: 'Finance Manager',
    icTitles: [
      ['Financial Controller', 18],
      ['Accountant', 30],
      ['Financial Analyst', 24],
      ['Accounts Payable Specialist', 16],
      ['Payroll Specialist', 12],
    ],
  },
  {
    code: 'HR',
    name: 'Human Resources',
    weight: 0.04,
    fromHeadcount: 0,
    costCentre: 6200,
    headTitle: (n) => (n >= 400 ? 'Chief People Officer' : n >= 50 ? 'Head of People' : 'HR Manager'),
    directorTitle: 'Director of People',
    leadTitle: 'HR Manager',
    icTitles: [
      ['HR Business Partner', 30],
      ['Recruiter', 22],
      ['Talent Acquisition Specialist', 14],
      ['HR Generalist', 22],
      ['Learning & Development Specialist', 12],
    ],
  },
  {
    code: 'IT',
    name: 'IT',
    weight: 0.04,
    fromHeadcount: 60,
    costCentre: 5200,
    headTitle: (n) => (n >= 400 ? 'CIO' : 'Head of IT'),
    directorTitle: 'IT Director',
    leadTitle: 'IT Manager',
    icTitles: [
      ['IT Support Specialist', 38],
      ['Systems Administrator', 24],
      ['IT Asset Manager', 10],
      ['Security Engineer', 16],
      ['Network Engineer', 12],
    ],
  },
  {
    code: 'LEG',
    name: 'Legal',
    weight: 0.02,
    fromHeadcount: 150,
    costCentre: 6300,
    headTitle: () => 'General Counsel',
    directorTitle: 'Legal Director',
    leadTitle: 'Senior Legal Counsel',
    icTitles: [
      ['Legal Counsel', 50],
      ['Paralegal', 24],
      ['Compliance Officer', 26],
    ],
  },
];

export const EXECUTIVE_OFFICE = { code: 'EXEC' as const, name: 'Executive Office', costCentre: 1000 };

/** The six departments every company has, so even a tiny one has a CEO, CTO, CFO and HR. */
const MIN_HEADCOUNT = 8;
/** A lead takes a team of about this many; a director about this many people in all. */
const TEAM_SIZE = 8;
const DIRECTOR_SPAN = 50;

export type Seniority = 'ceo' | 'head' | 'director' | 'lead' | 'ic' | 'staff';

export interface PlannedEmployee {
  key: number;
  companyIndex: number;
  department: DepartmentCode;
  email: string;
  displayName: string;
  jobTitle: string;
  seniority: Seniority;
  /** 0 for the CEO; managers always have a smaller depth than their reports. */
  depth: number;
  managerKey: number | null;
  costCentre: string;
  hiredOn: Date;
  /** Set for leavers: they left on this day, and their licences were never taken back. */
  leftOn: Date | null;
}

export interface PlannedDepartment {
  code: DepartmentCode;
  name: string;
  headKey: number;
}

export interface PlannedCompany {
  index: number;
  spec: CompanySpec;
  headcount: number;
  departments: PlannedDepartment[];
}

export interface OrganisationPlan {
  companies: PlannedCompany[];
  employees: PlannedEmployee[];
}

/** Splits `total` over the weights so the parts sum exactly to it (largest remainder). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((value, i) => [value - Math.floor(value), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

export function planOrganisation(size: number, now: Date): OrganisationPlan {
  const companies: PlannedCompany[] = [];
  const employees: PlannedEmployee[] = [];

  COMPANIES.forEach((spec, companyIndex) => {
    const random = new Random(`organisation/${spec.code}`);
    const headcount = Math.max(MIN_HEADCOUNT, Math.round(spec.headcount * size));
    const domain = `${spec.code.toLowerCase()}.example.com`;
    const emailsTaken = new Map<string, number>();

    const hire = (seniority: Seniority): Date => {
      // Tenure skewed towards recent hires (a growing group); executives have been around longer.
      const years =
        seniority === 'ceo'
          ? random.between(3, 12)
          : seniority === 'head' || seniority === 'director'
            ? random.between(0.8, 9)
            : 0.04 + 9 * Math.pow(random.float(), 1.6);
      return new Date(Math.floor((now.getTime() - years * 365.25 * DAY_MS) / DAY_MS) * DAY_MS);
    };

    const add = (
      department: DepartmentCode,
      costCentre: number,
      jobTitle: string,
      seniority: Seniority,
      managerKey: number | null,
    ): PlannedEmployee => {
      const name = personName(random, spec.regions);
      const local = `${emailPart(name.first)}.${emailPart(name.last)}`;
      const seen = (emailsTaken.get(local) ?? 0) + 1;
      emailsTaken.set(local, seen);
      const manager = managerKey === null ? undefined : employees[managerKey];
      const employee: PlannedEmployee = {
        key: employees.length,
        companyIndex,
        department,
        email: `${seen === 1 ? local : `${local}${seen}`}@${domain}`,
        displayName: `${name.first} ${name.last}`,
        jobTitle,
        seniority,
        depth: manager ? manager.depth + 1 : 0,
        managerKey,
        costCentre: `${spec.code}-${costCentre}`,
        hiredOn: hire(seniority),
        leftOn: null,
      };
      employees.push(employee);
      return employee;
    };

    const ceo = add('EXEC', EXECUTIVE_OFFICE.costCentre, 'CEO', 'ceo', null);
    const planned: PlannedCompany = {
      index: companyIndex,
      spec,
      headcount,
      departments: [{ code: 'EXEC', name: EXECUTIVE_OFFICE.name, headKey: ceo.key }],
    };
    companies.push(planned);

    const executiveStaff: string[] = [];
    if (headcount >= 100) executiveStaff.push('Executive Assistant');
    if (headcount >= 300) executiveStaff.push('Chief of Staff');
    for (const title of executiveStaff) add('EXEC', EXECUTIVE_OFFICE.costCentre, title, 'staff', ceo.key);

    const departments = DEPARTMENTS.filter((d) => headcount >= d.fromHeadcount);
    // Each subsidiary leans a little differently (a sales office, a development centre).
    const weights = departments.map((d) => d.weight * random.between(0.7, 1.3));
    const remaining = headcount - 1 - executiveStaff.length - departments.length;
    const members = apportion(Math.max(0, remaining), weights);

    departments.forEach((department, i) => {
      const head = add(
        department.code,
        department.costCentre,
        department.headTitle(headcount),
        'head',
        ceo.key,
      );
      planned.departments.push({ code: department.code, name: department.name, headKey: head.key });
      const people = members[i] ?? 0;
      if (people <= TEAM_SIZE) {
        for (let n = 0; n < people; n++) {
          add(department.code, department.costCentre, random.weighted(department.icTitles), 'ic', head.key);
        }
        return;
      }
      const directorCount = people > DIRECTOR_SPAN ? Math.ceil(people / DIRECTOR_SPAN) : 0;
      const leadCount = Math.ceil((people - directorCount) / (TEAM_SIZE + 1));
      const icCount = people - directorCount - leadCount;
      const directors = Array.from({ length: directorCount }, () =>
        add(department.code, department.costCentre, department.directorTitle, 'director', head.key),
      );
      const leads = Array.from({ length: leadCount }, (_, n) => {
        const manager = directors.length > 0 ? directors[n % directors.length] : head;
        return add(
          department.code,
          department.costCentre,
          department.leadTitle,
          'lead',
          (manager ?? head).key,
        );
      });
      for (let n = 0; n < icCount; n++) {
        const lead = leads[n % leads.length] ?? head;
        add(department.code, department.costCentre, random.weighted(department.icTitles), 'ic', lead.key);
      }
    });

    // A few people left recently and their accounts were never cleaned up: the licences a
    // software-asset review should win back first.
    for (const employee of employees) {
      if (employee.companyIndex !== companyIndex || employee.seniority !== 'ic') continue;
      if (now.getTime() - employee.hiredOn.getTime() < 365 * DAY_MS) continue;
      if (random.chance(0.02)) employee.leftOn = addDays(now, -random.int(12, 80));
    }
  });

  return { companies, employees };
}

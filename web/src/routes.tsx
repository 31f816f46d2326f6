// The portal's pages. Home is in the first bundle; every other page is its own chunk (React.lazy),
// loaded when it is first opened. To add a page: a component in pages/, a lazy import and a route
// here, and a navigation entry in components/navigation.ts (docs/web.md).
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { Layout } from './components/Layout';
import { AuthCallback } from './pages/AuthCallback';
import { Home } from './pages/Home';
import { NotFound } from './pages/NotFound';
import { SignedOut } from './pages/SignedOut';

const MySoftware = lazy(() => import('./pages/MySoftware'));
const RequestSoftware = lazy(() => import('./pages/RequestSoftware'));
const MyRequests = lazy(() => import('./pages/MyRequests'));
const RequestDetailPage = lazy(() => import('./pages/RequestDetail'));
const Approvals = lazy(() => import('./pages/Approvals'));
const Admin = lazy(() => import('./pages/Admin'));
const Recommendations = lazy(() => import('./pages/Recommendations'));
const RecommendationDetail = lazy(() => import('./pages/RecommendationDetail'));
const SimilarityJobs = lazy(() => import('./pages/SimilarityJobs'));
const CatalogAppPage = lazy(() => import('./pages/CatalogApp'));
const UnknownApps = lazy(() => import('./pages/UnknownApps'));
const Templates = lazy(() => import('./pages/templates/Templates'));
const TemplateDetail = lazy(() => import('./pages/templates/TemplateDetail'));
const TemplateVersion = lazy(() => import('./pages/templates/TemplateVersionPage'));
const EditTemplate = lazy(() => import('./pages/templates/TemplateEdit'));
const NewTemplate = lazy(() =>
  import('./pages/templates/TemplateEdit').then((m) => ({ default: m.NewTemplate })),
);
const TemplateSuggestions = lazy(() => import('./pages/templates/TemplateSuggestions'));
const NewHires = lazy(() => import('./pages/newHires/NewHires'));
const NewHireWizard = lazy(() => import('./pages/newHires/NewHireWizard'));
const NewHireDetail = lazy(() => import('./pages/newHires/NewHireDetail'));

export const routes: RouteObject[] = [
  { path: '/auth/callback', element: <AuthCallback /> },
  { path: '/signed-out', element: <SignedOut /> },
  {
    element: <Layout />,
    children: [
      { index: true, element: <Home /> },
      { path: 'software', element: <MySoftware /> },
      { path: 'request', element: <RequestSoftware /> },
      { path: 'requests', element: <MyRequests /> },
      { path: 'requests/:id', element: <RequestDetailPage /> },
      { path: 'approvals', element: <Approvals /> },
      { path: 'admin', element: <Admin /> },
      { path: 'recommendations', element: <Recommendations /> },
      { path: 'recommendations/:id', element: <RecommendationDetail /> },
      { path: 'similarity-jobs', element: <SimilarityJobs /> },
      { path: 'catalog/:slug', element: <CatalogAppPage /> },
      { path: 'unknown-apps', element: <UnknownApps /> },
      { path: 'templates', element: <Templates /> },
      { path: 'templates/new', element: <NewTemplate /> },
      { path: 'templates/suggestions', element: <TemplateSuggestions /> },
      { path: 'templates/:id', element: <TemplateDetail /> },
      { path: 'templates/:id/edit', element: <EditTemplate /> },
      { path: 'templates/:id/versions/:version', element: <TemplateVersion /> },
      { path: 'new-hires', element: <NewHires /> },
      { path: 'new-hires/new', element: <NewHireWizard /> },
      { path: 'new-hires/:id', element: <NewHireDetail /> },
      { path: '*', element: <NotFound /> },
    ],
  },
];

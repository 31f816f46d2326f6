import { Title2 } from '@fluentui/react-components';
import { useEffect, type ReactNode } from 'react';

/** The page's one h1, and the document title; focus lands on it after navigation (Layout). */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Asset Pulse`;
  }, [title]);
  return (
    <header style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', marginBottom: 16 }}>
      <Title2 as="h1" id="page-title" tabIndex={-1} style={{ margin: 0, flexGrow: 1, outline: 'none' }}>
        {title}
      </Title2>
      {children}
    </header>
  );
}

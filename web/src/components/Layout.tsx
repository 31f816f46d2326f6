// The frame of every signed-in page: a skip link, the header with the role-aware navigation and the
// person's name with sign-out, and the page. After a navigation focus moves to the page's heading.
import { Button, makeStyles, shorthands, Text, tokens } from '@fluentui/react-components';
import { Suspense, useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../api/apiContext';
import { useMe } from '../api/queries';
import { navigationFor } from './navigation';
import { ErrorState, Loading } from './PageState';

const useStyles = makeStyles({
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': {
      left: '8px',
      top: '8px',
      zIndex: 10,
      backgroundColor: tokens.colorNeutralBackground1,
      padding: '8px',
    },
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: '8px 16px',
    ...shorthands.padding('8px', '16px'),
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, marginRight: '8px' },
  nav: { flexGrow: 1 },
  list: { display: 'flex', flexWrap: 'wrap', gap: '4px', listStyleType: 'none', margin: 0, padding: 0 },
  link: {
    display: 'inline-block',
    ...shorthands.padding('6px', '10px'),
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForegroundOnBrand,
    textDecorationLine: 'none',
    ':hover': { backgroundColor: tokens.colorBrandBackgroundHover },
    ':focus-visible': { outline: `2px solid ${tokens.colorNeutralForegroundOnBrand}`, outlineOffset: '2px' },
  },
  active: { backgroundColor: tokens.colorBrandBackgroundPressed, fontWeight: tokens.fontWeightSemibold },
  user: { display: 'flex', alignItems: 'center', gap: '8px' },
  main: { maxWidth: '72rem', margin: '0 auto', ...shorthands.padding('16px') },
});

export function Layout() {
  const styles = useStyles();
  const session = useSession();
  const me = useMe();
  const location = useLocation();
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // Let the new page render, then put focus on its heading so a screen reader announces it.
    const timer = window.setTimeout(() => document.getElementById('page-title')?.focus(), 50);
    return () => window.clearTimeout(timer);
  }, [location.pathname]);

  return (
    <>
      <a className={styles.skip} href="#main">
        Skip to content
      </a>
      <header className={styles.header}>
        <span className={styles.brand}>Asset Pulse</span>
        {me.data && (
          <nav className={styles.nav} aria-label="Main">
            <ul className={styles.list}>
              {navigationFor(me.data).map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    end={item.to === '/'}
                    className={({ isActive }) => `${styles.link} ${isActive ? styles.active : ''}`}
                  >
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {me.data && (
          <div className={styles.user}>
            <Text>{me.data.employee.displayName}</Text>
            <Button size="small" onClick={() => void session.signOut()}>
              Sign out
            </Button>
          </div>
        )}
      </header>
      <main id="main" className={styles.main}>
        {me.error ? (
          <ErrorState error={me.error} retry={() => void me.refetch()} />
        ) : !me.data ? (
          <Loading label="Signing in…" />
        ) : (
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        )}
      </main>
    </>
  );
}

import { Link } from 'react-router';
import { PageHeader } from '../components/PageHeader';

export function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is no page at this address. <Link to="/">Go to Home</Link>.
      </p>
    </>
  );
}

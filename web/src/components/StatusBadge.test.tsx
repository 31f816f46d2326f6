// A new hire's status reads like its request counterpart: waiting ones amber, done ones green.
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StatusBadge, statusColor } from './StatusBadge';

describe('StatusBadge', () => {
  it('colours the new-hire statuses as the request statuses they mirror', () => {
    expect(statusColor('draft')).toBe('informative');
    expect(statusColor('requested')).toBe(statusColor('pending'));
    expect(statusColor('started')).toBe(statusColor('fulfilled'));
    expect(statusColor('cancelled')).toBe('subtle');
    expect(statusColor('something-new')).toBe('informative');
  });

  it('says the status in words', () => {
    render(<StatusBadge status="requested" />);
    expect(screen.getByText('Requested')).toBeTruthy();
  });
});

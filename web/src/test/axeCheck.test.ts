import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axeCheck';

describe('the component tests’ accessibility check', () => {
  it('finds a serious violation when there is one (so a pass means something)', async () => {
    document.body.innerHTML = '<main><img src="/x.png"><button></button></main>';
    const found = await seriousViolations();
    expect(found.some((v) => v.includes('image-alt'))).toBe(true);
    expect(found.some((v) => v.includes('button-name'))).toBe(true);
    document.body.innerHTML = '';
  });
});

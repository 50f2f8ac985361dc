import { describe, expect, it } from 'vitest';
import { matchRoute, routes } from './router';

describe('matchRoute', () => {
  it('knows every page, with or without a trailing slash', () => {
    for (const route of routes) expect(matchRoute(route.path)).toBe(route.path);
    expect(matchRoute('/staffing/')).toBe('/staffing');
  });
  it('answers null for anything else', () => {
    expect(matchRoute('/nope')).toBeNull();
    expect(matchRoute('/staffing/extra')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { generateToken, tokenMatches } from '../../../src-main/server/admission/auth.js';

describe('tokens', () => {
  it('are 256-bit, URL-safe and fresh per call', () => {
    const a = generateToken();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(generateToken()).not.toBe(a);
  });
  it('match only exactly, and reject missing, empty or absurd input', () => {
    const token = generateToken();
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token.slice(1), token)).toBe(false);
    expect(tokenMatches(`${token}x`, token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
    expect(tokenMatches(null, token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenMatches('x'.repeat(10_000), token)).toBe(false);
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStaticPath } from '../../../src-main/server/staticFiles.js';

describe('resolveStaticPath', () => {
  const root = path.resolve('/srv/benchtop/renderer');
  it('maps / to index.html and assets under the root', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/a.js')).toBe(path.join(root, 'assets/a.js'));
  });
  it('refuses anything that would leave the root', () => {
    for (const attempt of [
      '/../secret',
      '/assets/../../x',
      '/%2e%2e/x',
      '/%2e%2e%2fx',
      '/..%5cx',
      '/a%00b',
      '/%E0%A4%A',
    ]) {
      const resolved = resolveStaticPath(root, attempt);
      if (resolved !== undefined) expect(resolved.startsWith(root + path.sep)).toBe(true);
    }
    expect(resolveStaticPath(root, '/../secret')).toBeUndefined();
    expect(resolveStaticPath(root, '/%2e%2e/x')).toBeUndefined();
  });
});

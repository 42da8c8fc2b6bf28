import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../src/ast/fs.js';
import { lint } from '../src/service/index.js';

describe('suppression comments', () => {
  it('silence findings in imported files by their own comments', () => {
    const fs = memoryFileSystem({
      '/etc/coredns/extra.conf': '# corefile-lint disable-next-line no-suspicious-path\nforward . /etc/resolv/conf\nforward . /etc/resolv/conf\n',
    });
    const found = lint('. {\n    import extra.conf\n}\n', { path: '/etc/coredns/Corefile', fs }).filter((d) => d.code === 'no-suspicious-path');
    // Only the second line of the imported file is reported; the comment covers the first.
    expect(found.map((d) => [d.file, d.span.start])).toEqual([['/etc/coredns/extra.conf', 90]]);
  });

  it('report a rule id that does not exist, with the closest one', () => {
    const text = '. {\n    # corefile-lint disable-next-line no-suspicious-pth, no-unknown-directive -- typo\n    forward . /etc/resolv/conf\n}\n';
    const found = lint(text);
    const unknown = found.filter((d) => d.code === 'unknown-rule');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.severity).toBe('warning');
    expect(text.slice(unknown[0]!.span.start, unknown[0]!.span.end)).toBe('no-suspicious-pth');
    expect(unknown[0]!.message).toContain("Did you mean 'no-suspicious-path'?");
    expect(unknown[0]!.suggestions![0]!.edits[0]!.text).toBe('no-suspicious-path');
    // The misspelt id silences nothing; the valid one still works.
    expect(found.map((d) => d.code)).toContain('no-suspicious-path');
  });

  it('report unknown ids in imported files too', () => {
    const fs = memoryFileSystem({ '/c/extra.conf': 'errors # corefile-lint disable-line not-a-rule\n' });
    const found = lint('. {\n    import extra.conf\n}\n', { path: '/c/Corefile', fs });
    expect(found.filter((d) => d.code === 'unknown-rule').map((d) => d.file)).toEqual(['/c/extra.conf']);
  });
});

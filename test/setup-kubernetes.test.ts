import { describe, expect, it } from 'vitest';
import { labelSelectorError } from '../src/catalog/setup/kubernetes.js';

describe('kubernetes label selectors (apimachinery labels.Parse + metav1.ParseToLabelSelector)', () => {
  it('accepts the selector forms', () => {
    for (const s of [
      'environment=prod',
      'environment in (production, staging, qa),application=nginx',
      'tier notin (frontend)',
      '!canary',
      'app',
      'a==b',
      'example.com/app=x',
      'a in ()',
      'a in (,b)',
      'a=',
      '',
    ]) {
      expect(labelSelectorError(s), s).toBeUndefined();
    }
  });
  it('rejects what apimachinery rejects', () => {
    expect(labelSelectorError('environment in (production, qa')).toMatch(/unable to parse requirement: found '', expected: ',' or '\)'/);
    expect(labelSelectorError('a=b=c')).toMatch(/expected: ',' or 'end of string'/);
    expect(labelSelectorError('-a=b')).toMatch(/Invalid value: "-a"/);
    expect(labelSelectorError('a=-b')).toMatch(/Invalid value: "-b"/);
    expect(labelSelectorError('Example.com/a=b')).toMatch(/prefix part/);
    expect(labelSelectorError('a/b/c')).toMatch(/a valid label key/);
    expect(labelSelectorError('a in b')).toMatch(/found 'b' expected: '\('/);
    expect(labelSelectorError(',a')).toMatch(/expected: !, identifier, or 'end of string'/);
    expect(labelSelectorError('a,')).toMatch(/expected: identifier after ','/);
    expect(labelSelectorError(`a=${'x'.repeat(64)}`)).toMatch(/no more than 63 bytes/);
  });
  it('rejects operators a LabelSelector cannot hold', () => {
    expect(labelSelectorError('a!=b')).toBe('"!=" is not a valid label selector operator');
    expect(labelSelectorError('a>1')).toBe('"gt" isn\'t supported in label selectors');
    expect(labelSelectorError('a<x')).toMatch(/the value must be an integer/);
  });
});

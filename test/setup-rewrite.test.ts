import { describe, expect, it } from 'vitest';
import { lexFile } from '../src/ast/read.js';
import { ruleError, validate } from '../src/catalog/setup/rewrite.js';
import { parseUint } from '../src/catalog/values.js';

const rule = (s: string) => ruleError(s.split(' '));

describe('rewrite rule forms (rewrite/*.go constructors)', () => {
  it('name rules', () => {
    expect(rule('name a.com b.com')).toBeUndefined();
    expect(rule('stop name regex (.*)\\.a\\.com {1}.b.com answer name (.*)\\.b\\.com {1}.a.com')).toBeUndefined();
    expect(rule('name regex (.*) {1}{2}')).toMatch(/uses more subexpressions/);
    expect(rule('name exact a.com b(.com')).toBe('invalid regex matching pattern: b(.com.');
    expect(rule('name fuzzy a b')).toBe(
      'name rule supports only exact, prefix, suffix, substring, and regex name matching, received: fuzzy',
    );
    expect(rule('name suffix a b answer auto answer name x y')).toBe(
      'auto name answer rule cannot be combined with explicit name anwer rules',
    );
    expect(rule('name suffix a b answer auto')).toBeUndefined();
    expect(rule('name suffix a b auto')).toBe('invalid arguments for suffix rule');
    expect(rule('name suffix a b answer auto answer value x y')).toBeUndefined();
    expect(rule('name suffix a b extra x')).toBe('exceeded the number of arguments for a non-answer rule argument for suffix rule');
    expect(rule('name suffix a b answer bogus x')).toBe('invalid type "bogus" for answer rule for suffix rule');
  });
  it('ttl, rcode, class, type and cname rules', () => {
    expect(rule('ttl a.com 10-')).toBeUndefined();
    expect(rule('ttl a.com -')).toBe("invalid TTL '-' for a ttl rule");
    expect(rule('ttl a.com 20-10')).toBe("invalid TTL '20-10' for a ttl rule");
    expect(rule('ttl a.com 4294967296')).toBe("invalid TTL '4294967296' for a ttl rule");
    expect(rule('ttl regex ( 10')).toBe('invalid regex pattern in a ttl rule: (');
    expect(rule('ttl a b c d')).toBe("invalid TTL '' for a ttl rule");
    expect(rule('rcode a.com SERVFAIL 23')).toBeUndefined();
    expect(rule('rcode a.com 24 0')).toBe("invalid matching RCODE '24' for a rcode rule");
    expect(rule('rcode glob a.com 2 3')).toBe('rcode rule supports only exact, prefix, suffix, substring, and regex name matching');
    expect(rule('class CH IN')).toBeUndefined();
    expect(rule('class XX IN')).toBe('invalid class "XX"');
    expect(rule('type a aaaa')).toBeUndefined();
    expect(rule('type a')).toBe('type rules must have exactly two arguments');
    expect(rule('cname regex [ x')).toBe('invalid cname rewrite regex pattern: error parsing regexp: missing closing ]: `[`');
    expect(rule('cname a b c d')).toBe('too few (4) arguments for a cname rule');
  });
  it('edns0 rules', () => {
    expect(rule('edns0 local set 0xffee abcd')).toBeUndefined();
    expect(rule('edns0 local set 0xffee 0xabcg')).toBe("encoding/hex: invalid byte: U+0067 'g'");
    expect(rule('edns0 local set 0xffee 0xabc')).toBe('encoding/hex: odd length hex string');
    expect(rule('edns0 local set 0x1ffee x')).toBe('strconv.ParseUint: parsing "0x1ffee": value out of range');
    expect(rule('edns0 local set 65001 {qname} revert')).toBeUndefined();
    expect(rule('edns0 local set 65001 {bogus}')).toBe('unsupported variable name "{bogus}"');
    expect(rule('edns0 local set 65001 {test/label}')).toBeUndefined();
    expect(rule('edns0 subnet set 24 129')).toBe('invalid IPv6 bit mask length 129');
    expect(rule('edns0 nsid unset')).toBeUndefined();
    expect(rule('edns0 nsid drop')).toBe('invalid action: "drop"');
  });
  it('block form reads one word per token and reports at the directive', () => {
    const tokens = lexFile('rewrite {\n  name regex (.* x\n}\n', '');
    const [issue] = validate({ tokens, serverBlockKeys: [], filename: 'Corefile' });
    expect(issue.coreMessage).toBe('plugin/rewrite: invalid regex matching pattern: (.*');
    expect(issue.token?.line).toBe(1);
  });
});

describe('strconv.ParseUint with base 0', () => {
  it('accepts Go literal syntax', () => {
    expect(parseUint('0x1F', 0, 16)).toEqual({ ok: true, value: 31 });
    expect(parseUint('010', 0, 16)).toEqual({ ok: true, value: 8 });
    expect(parseUint('0b101', 0, 16)).toEqual({ ok: true, value: 5 });
    expect(parseUint('0o17', 0, 16)).toEqual({ ok: true, value: 15 });
    expect(parseUint('1_000', 0, 16)).toEqual({ ok: true, value: 1000 });
    expect(parseUint('0', 0, 16)).toEqual({ ok: true, value: 0 });
  });
  it('rejects what Go rejects', () => {
    expect(parseUint('0x', 0, 16).ok).toBe(false);
    expect(parseUint('08', 0, 16).ok).toBe(false);
    expect(parseUint('1__0', 0, 16).ok).toBe(false);
    expect(parseUint('_1', 0, 16).ok).toBe(false);
    expect(parseUint('1_000', 10, 16).ok).toBe(false);
    expect(parseUint('65536', 0, 16)).toEqual({ ok: false, error: 'strconv.ParseUint: parsing "65536": value out of range' });
    expect(parseUint('', 0, 16)).toEqual({ ok: false, error: 'strconv.ParseUint: parsing "": invalid syntax' });
  });
});

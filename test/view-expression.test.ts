import { describe, expect, it } from 'vitest';
import { viewExpressionError } from '../src/catalog/expr.js';

describe('view expressions (expr-lang compile errors)', () => {
  it.each([
    "name() == 'example.com.'",
    "incidr(client_ip(), '10.0.0.0/24')",
    "type() in ['A', 'AAAA'] && not (proto() == 'tcp')",
    "metadata('kubernetes/client-namespace') matches '^ns-[0-9]+$'",
    'size() > 512 ? do() : bufsize() >= 1232',
    "any(['a', 'b'], {# == name()})",
    "let n = name(); n endsWith '.org.' or n not startsWith 'www'",
    "upper(name()) | trim() != ''",
  ])('accepts %s', (e) => {
    expect(viewExpressionError(e)).toBeUndefined();
  });

  it.each([
    ['invalid expression', 'unexpected token Identifier("expression") (1:9)\n | invalid expression\n | ........^'],
    ['name( == 1', 'unexpected token Operator("==")'],
    ['nme() == 1', 'unknown name nme (1:1)'],
    ["incidr(client_ip())", 'not enough arguments to call incidr'],
    ["name('x')", 'too many arguments to call name'],
    ["'unterminated", 'literal not terminated'],
    ['', 'unexpected token EOF'],
    ['a ?? b || c', 'cannot be mixed'],
  ])('rejects %s', (e, msg) => {
    expect(viewExpressionError(e)).toContain(msg);
  });
});

describe('view expressions: expr-lang type check', () => {
  it.each([
    ["name == 'example.org.'", 'invalid operation: == (mismatched types func() string and string) (1:6)'],
    ["size() > 'big'", 'invalid operation: > (mismatched types int and string)'],
    ['incidr(client_ip(), 10)', 'cannot use int as argument (type string) to call incidr  (1:21)'],
    ["name() == 'a.' && size()", 'invalid operation: && (mismatched types bool and int)'],
    ["!name()", 'invalid operation: ! (mismatched type string)'],
    ["name() matches '(['", 'error parsing regexp: missing closing ]: `[`'],
    ["size() ? 'a' : 'b'", 'non-bool expression (type int) used as condition'],
    ["let name = 1; name", 'cannot redeclare function name'],
  ])('rejects %s', (e, msg) => {
    expect(viewExpressionError(e)).toContain(msg);
  });

  it.each([
    "name() == 'a.' || (do() && bufsize() >= 1232)",
    "size() + 1 > 512.5",
    "name() matches '^ex' + 'ample'",
    "client_ip() in ['10.0.0.1', '10.0.0.2']",
    "metadata('x') ?? 'default'",
    "len(name()) > 3 && upper(type()) == 'A'",
  ])('accepts %s', (e) => {
    expect(viewExpressionError(e)).toBeUndefined();
  });
});

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

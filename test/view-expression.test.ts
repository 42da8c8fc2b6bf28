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
    // DefaultEnv is expr.Env's map, so its names are variables to the checker, not expr.Function functions.
    ["let name = 1; name", 'cannot redeclare name (1:5)'],
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

describe('view expressions: checks shared with template expressions', () => {
  it.each([
    // Lexer errors point where the lexer stopped, as parser/lexer's error() does.
    ["name() == 'abc", 'literal not terminated (1:15)\n | name() == \'abc\n | ..............^'],
    ["name() == '\\u{}'", 'invalid char escape'],
    // Escapes that scan but do not decode (lexer/utils.go unescape), reported at the closing quote.
    ["name() == '\\400'", 'unable to unescape string (1:16)'],
    ["name() == '\\u{110000}'", 'unable to unescape string'],
    ["b'\\u0041' == b'A'", 'unable to unescape string (1:9)'],
    // The lexer runs only as far as the parser reads: the syntax error comes first.
    ["size() 2 'abc", 'unexpected token Number("2") (1:8)'],
    ['\ufeffname()', 'unrecognized character: U+FEFF'],
    ['name() == 1 \x07', 'unrecognized character: U+0007 (1:13)'],
    ['size() > 99999999999999999999', 'invalid integer literal: strconv.ParseInt: parsing "99999999999999999999": value out of range'],
    ['len(1) > 3', 'invalid argument for len (type int)'],
    ["upper(1) == 'A'", 'cannot use int as argument (type string) to call upper'],
    ["name().foo == 'a'", 'type string has no field foo'],
    ["split(name(), '.')['x'] == 'a'", 'array elements can only be selected using an integer (got string)'],
    ["client_ip() in [1, 2]", 'cannot use string as type int in array'],
    ["$env.nope == 'a'", 'unknown name nope'],
    ['$env()', 'map[string]interface {} is not callable'],
    ["let n = 1; let n = 2; n > 0", 'cannot redeclare variable n'],
    ["all(split(name(), '.'), {len(#)})", 'predicate should return boolean (got int)'],
    ["b'abc' + 1 > 0", 'invalid operation: + (mismatched types []uint8 and int)'],
    ['name == size', 'invalid operation: == (mismatched types func() string and func() int)'],
    // The condition's own position, not the ternary's.
    ["size() ? 'a' : 'b'", 'used as condition (1:1)'],
  ])('rejects %s', (e, msg) => {
    expect(viewExpressionError(e)).toContain(msg);
  });

  it.each([
    "b'abc' matches '^a'",
    'name == type',
    "name() == `a``b`",
    '(name ?? size) + 1 > 0',
    "{a: 1}.a(nope)",
    "name() == '\\u{1F600}'",
    "name() == '\\377\\x41\\U0010FFFF'",
    "b'\\xff\\101' != b''",
    // unicode.IsSpace: NEL separates tokens.
    "name()\u0085== 'a'",
  ])('accepts %s', (e) => {
    expect(viewExpressionError(e)).toBeUndefined();
  });
});

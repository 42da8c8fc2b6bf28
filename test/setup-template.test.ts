import { describe, expect, it } from 'vitest';
import { lexFile } from '../src/ast/read.js';
import { templateError, validate } from '../src/catalog/setup/template.js';

const tmpl = (text: string) => templateError('answer', text);

function run(block: string) {
  const tokens = lexFile(`template IN A example. {\n${block}\n}\n`, '');
  return validate({ tokens, serverBlockKeys: [], filename: 'Corefile' }).map((i) => i.message);
}

describe('Go text/template parse errors (answer, additional, authority)', () => {
  it('accepts the forms CoreDNS documents', () => {
    for (const t of [
      '{{ .Name }} 60 IN A 10.0.0.1',
      '{{ index .Match 1 }} 60 IN SOA ns.{{ index .Match 1 }} hostmaster.example.com (1 60 60 60 60)',
      '{{ .Name }} 3600 IN A 10.{{ parseInt .Group.b 16 8 }}.0.1',
      '{{ $x := .Name }}{{ $x }} 60 IN A 10.0.0.1',
      '{{ if .A }}x{{ else if .B }}y{{ else }}z{{ end }}',
      '{{ range $i, $m := .Match }}{{ if $i }}{{ break }}{{ end }}{{ $m }}{{ end }}',
      '{{ .Name | printf "%s" }}',
      '{{/* note */}}{{- .Name -}}',
      '{{ with .Var.x }}{{ . }}{{ end }}',
      'no actions at all',
    ]) {
      expect(tmpl(t), t).toBeUndefined();
    }
  });
  it('rejects what text/template rejects, with its wording', () => {
    expect(tmpl('{{')).toBe('template: answer:1: unclosed action');
    expect(tmpl('{{ notAFunction }}')).toBe('template: answer:1: function "notAFunction" not defined');
    expect(tmpl('{{ end }}')).toBe('template: answer:1: unexpected {{end}}');
    expect(tmpl('{{ if .X }}a')).toBe('template: answer:1: unexpected EOF');
    expect(tmpl('{{ $y }}')).toBe('template: answer:1: undefined variable "$y"');
    expect(tmpl('{{ break }}')).toBe('template: answer:1: {{break}} outside {{range}}');
    expect(tmpl('{{ "a" | "b" }}')).toBe('template: answer:1: non executable command in pipeline stage 2');
    expect(tmpl('{{ 3x }}')).toBe('template: answer:1: bad number syntax: "3x"');
    expect(tmpl('{{ ( .Name }}')).toBe('template: answer:1: unclosed left paren');
    expect(tmpl('{{ .Name ) }}')).toBe('template: answer:1: unexpected right paren');
    expect(tmpl('{{ }}')).toBe('template: answer:1: missing value for command');
    expect(tmpl('{{ - }}')).toBe('template: answer:1: illegal number syntax: "-"');
    expect(tmpl('{{ 3xy }}')).toBe('template: answer:1: bad number syntax: "3x"');
    expect(tmpl('{{ 99999999999999999999 }}')).toBe('template: answer:1: integer overflow: "99999999999999999999"');
    expect(tmpl('{{ range $i, }}x{{ end }}')).toBe('template: answer:1: missing value for range');
    expect(tmpl('{{ range $a, $b, $c := .M }}x{{ end }}')).toBe('template: answer:1: too many declarations in range');
    expect(tmpl('{{ if $x := .A }}{{ $x }}{{ end }}{{ $x }}')).toBe('template: answer:1: undefined variable "$x"');
  });
});

describe('expr-lang compile errors (var, expr)', () => {
  it('accepts well-typed expressions', () => {
    expect(run("expr name() == 'a.example.' && incidr(client_ip(), '10.0.0.0/8')")).toEqual([]);
    expect(run("var n int(group('n'))\nexpr n > 1 ? true : false")).toEqual([]);
    expect(run('expr let x = size(); x + 1 > 2')).toEqual([]);
    expect(run(`expr "[1, 2] | filter(# > 1) | len() > 0"`)).toEqual([]);
    expect(run("expr name() matches '^a' or type() in ['A', 'AAAA']")).toEqual([]);
  });
  it('rejects unknown names with the source line and a caret', () => {
    expect(run('expr undefined == 1')).toEqual(['could not compile expression: unknown name undefined (1:1)\n | undefined == 1\n | ^']);
  });
  it('rejects mismatched types', () => {
    expect(run("var a 1\nvar c 'x' + a")[0]).toMatch(
      /^could not compile expression: c, invalid operation: \+ \(mismatched types string and int\)/,
    );
    expect(run("expr incidr(1, 'x')")[0]).toMatch(/cannot use int as argument \(type string\) to call incidr/);
    expect(run("expr incidr('a')")[0]).toMatch(/not enough arguments to call incidr/);
    expect(run("expr 'a' in [1, 2]")[0]).toMatch(/cannot use string as type int in array/);
    expect(run("expr name() matches '['")[0]).toMatch(/error parsing regexp: missing closing \]/);
  });
  it('checks builtins as expr does (Validate functions, typed overloads, predicates)', () => {
    expect(run(`expr "upper(name()) == 'A' && len(name()) > 3 && trim(name(), '.') != ''"`)).toEqual([]);
    expect(run(`expr "all(split(name(), '.'), {len(#) > 0})"`)).toEqual([]);
    expect(run('expr "upper(1) == \'A\'"')[0]).toMatch(/cannot use int as argument \(type string\) to call upper/);
    expect(run('expr "len(1) > 3"')[0]).toMatch(/invalid argument for len \(type int\)/);
    expect(run('expr "any(name(), {true})"')[0]).toMatch(/builtin any takes only array \(got string\)/);
    expect(run(`expr "all(split(name(), '.'), {len(#)})"`)[0]).toMatch(/predicate should return boolean \(got int\)/);
    expect(run('expr "let name = 1; name"')[0]).toMatch(/cannot redeclare name/);
  });
  it('checks member access, indexing and slicing by type', () => {
    expect(run(`expr "split(name(), '.')[0] == 'a' && name()[1:] != '' && {a: 1}.a == 1"`)).toEqual([]);
    expect(run('expr "name().foo"')[0]).toMatch(/type string has no field foo/);
    expect(run('expr "name().upper()"')[0]).toMatch(/type string has no method upper/);
    expect(run(`expr "split(name(), '.')['x'] == 'a'"`)[0]).toMatch(/array elements can only be selected using an integer \(got string\)/);
    expect(run('expr "size()[1:]"')[0]).toMatch(/cannot slice int/);
    expect(run('expr "$env.nope"')[0]).toMatch(/unknown name nope/);
  });
  it('treats a var of unknown type as the *interface{} setup.go stores', () => {
    expect(run('var m "{a: 1}.a"\nexpr "m == 1"')).toEqual([]);
    expect(run(`var m "{a: 1}.a"\nexpr "incidr(m, '10.0.0.0/8')"`)[0]).toMatch(
      /cannot use \*interface \{\} as argument \(type string\) to call incidr/,
    );
    expect(run('var f name\nexpr "f() == \'a\'"')).toEqual([]);
  });
  it('rejects syntax errors', () => {
    expect(run('expr 1 +')[0]).toMatch(/unexpected token EOF/);
    expect(run('expr invalid expression')[0]).toMatch(/unexpected token Identifier\("expression"\)/);
    expect(run("expr 'abc")[0]).toMatch(/literal not terminated/);
  });
  it('types bytes, functions and nil as expr does', () => {
    expect(run(`expr "b'abc' + 1 > 0"`)[0]).toMatch(/invalid operation: \+ \(mismatched types \[\]uint8 and int\)/);
    expect(run(`expr "b'abc' matches '^a'"`)).toEqual([]);
    expect(run('expr "name == size"')[0]).toMatch(/mismatched types func\(\) string and func\(\) int/);
    expect(run('expr "name == type"')).toEqual([]);
    // A nil nature has no Go type, so it prints as unknown.
    expect(run('expr "nil + 1"')[0]).toMatch(/mismatched types unknown and int/);
    expect(run('expr "$env()"')[0]).toMatch(/map\[string\]interface \{\} is not callable/);
    // A call whose callee is of unknown type is not checked further, arguments included.
    expect(run('expr "{a: 1}.a(nope)"')).toEqual([]);
    expect(run(`expr "sortBy(split(name(), '.'), #, 1)"`)[0]).toMatch(/sortBy order argument must be a string \(got int\)/);
    expect(run(`expr "size() ? 1 : 2"`)[0]).toMatch(/non-bool expression \(type int\) used as condition \(1:1\)/);
  });
  it('reads raw strings with doubled backticks as expr does', () => {
    expect(run('expr "name() == `a``b`"')).toEqual([]);
    expect(run('expr "name() == `a``"')[0]).toMatch(/literal not terminated/);
  });
  it('stores a var as the zero value of its type: a slice literal loses its element type', () => {
    expect(run(`var a "[1, 2]"\nexpr "'x' in a"`)).toEqual([]);
    expect(run(`var a "split(name(), '.')"\nexpr "1 in a"`)[0]).toMatch(/cannot use int as type string in array/);
  });
  it('checks variable names as CoreDNS does', () => {
    expect(run('var 1a 1')).toEqual(['invalid variable name "1a"']);
    expect(run('var len 1')).toEqual(['variable name "len" is reserved']);
    expect(run('var client_ip 1')).toEqual(['variable name "client_ip" is reserved']);
    expect(run('var let 1')).toEqual(['variable name "let" is reserved']);
    expect(run('var a 1\nvar a 2')).toEqual(['variable name "a" is reserved']);
  });
});

/**
 * Acceptance cases of the preview spec (§4, #74–#100) for rewrite,
 * template, acl, view, header, dns64, metadata and erratic, each with the
 * CoreDNS test it comes from; plus the behaviours §6 lists as easy to get
 * wrong for these plugins.
 */
import { describe, expect, it } from 'vitest';
import { buildEngine, engineEnv, preview, previewWith, type PreviewOptions, type PreviewQuery, type PreviewResult } from '../src/preview/index.js';
import { compileTemplate, goMap } from '../src/preview/gotemplate.js';
import { compileViewExpr } from '../src/preview/view-expr.js';

const q = (text: string, query: PreviewQuery, options: PreviewOptions = {}): PreviewResult => preview(text, query, options);
const rr = (s: string) => s.split(/\s+/).join('\t');
const answers = (r: PreviewResult) => r.answer.map((a) => a.split('\t').join(' '));

describe('template (spec #74–#81, plugin/template/template_test.go)', () => {
  const ipTemplate = `. {
    template ANY ANY {
      match "(^|[.])ip-10-(?P<b>[0-9]*)-(?P<c>[0-9]*)-(?P<d>[0-9]*)[.]example[.]$"
      answer "{{ .Name }} 60 IN A 10.{{ .Group.b }}.{{ .Group.c }}.{{ .Group.d }}"
      fallthrough
    }
    whoami
  }`;

  it('#74 named groups fill the answer; a non-matching name falls through', () => {
    const r = q(ipTemplate, { name: 'ip-10-95-12-8.example.', type: 'A' });
    expect(r.rcode).toBe('NOERROR');
    expect(r.flags).toContain('aa');
    expect(answers(r)).toEqual(['ip-10-95-12-8.example. 60 IN A 10.95.12.8']);
    const t = q(ipTemplate, { name: 'test.invalid.', type: 'A' });
    // whoami answers after the fallthrough: empty answer, client address in additional.
    expect(t.rcode).toBe('NOERROR');
    expect(t.answer).toEqual([]);
    expect(t.additional[0]).toBe(rr('test.invalid. 0 IN A 127.0.0.1'));
  });

  it('#75 parseInt converts hex groups', () => {
    const text = `. {
      template ANY ANY {
        match "^ip0a(?P<b>[a-f0-9]{2})(?P<c>[a-f0-9]{2})(?P<d>[a-f0-9]{2})[.]example[.]$"
        answer "{{ .Name }} 60 IN A 10.{{ parseInt .Group.b 16 8 }}.{{ parseInt .Group.c 16 8 }}.{{ parseInt .Group.d 16 8 }}"
      }
    }`;
    expect(answers(q(text, { name: 'ip0a5f0c09.example.', type: 'A' }))).toEqual(['ip0a5f0c09.example. 60 IN A 10.95.12.9']);
  });

  it('#76 .Remote is the client address', () => {
    const text = `. {\n template IN A {\n answer "{{ .Name }} 60 IN A {{ .Remote }}"\n }\n}`;
    expect(answers(q(text, { name: 'test.example.', type: 'A' }, { clientIP: '10.240.0.1' }))).toEqual(['test.example. 60 IN A 10.240.0.1']);
  });

  it('#77 MX answer with an additional A record', () => {
    const text = `. {
      template IN MX {
        match "^ip-10-(?P<b>[0-9]*)-(?P<c>[0-9]*)-(?P<d>[0-9]*)[.]example[.]$"
        answer "{{ .Name }} 60 MX 10 {{ .Name }}"
        additional "{{ .Name }} 60 IN A 10.{{ .Group.b }}.{{ .Group.c }}.{{ .Group.d }}"
      }
    }`;
    const r = q(text, { name: 'ip-10-95-12-8.example.', type: 'MX' });
    expect(answers(r)).toEqual(['ip-10-95-12-8.example. 60 IN MX 10 ip-10-95-12-8.example.']);
    expect(r.additional).toEqual([rr('ip-10-95-12-8.example. 60 IN A 10.95.12.8')]);
  });

  it('#78 rcode NXDOMAIN with the SOA where the template puts it (answer)', () => {
    const text = `. {
      template ANY ANY {
        match "[.]invalid[.]$"
        rcode NXDOMAIN
        answer "invalid. 60 {{ .Class }} SOA a.invalid. b.invalid. (1 60 60 60 60)"
      }
    }`;
    const r = q(text, { name: 'test.invalid.', type: 'MX' });
    expect(r.rcode).toBe('NXDOMAIN');
    expect(answers(r)).toEqual(['invalid. 60 IN SOA a.invalid. b.invalid. 1 60 60 60 60']);
  });

  it('#79 rcode SERVFAIL, an execution error and a non-RR all give a server-written SERVFAIL', () => {
    const base = (body: string) => `. {\n template ANY ANY {\n ${body}\n }\n}`;
    for (const body of ['rcode SERVFAIL', 'answer "{{ index .Match 2 }}"', 'answer "{{ .Name }}"']) {
      const r = q(base(body), { name: 'test.example.', type: 'A' });
      expect(r.rcode, body).toBe('SERVFAIL');
      expect(r.flags, body).not.toContain('aa');
      expect(r.answer, body).toEqual([]);
    }
  });

  it('#80 authority SOA and an EDE option', () => {
    const text = `. {
      template ANY ANY {
        rcode NXDOMAIN
        authority "invalid. 60 {{ .Class }} SOA ns.invalid. hostmaster.invalid. (1 60 60 60 60)"
        ederror 21 "Blocked due to RFC2606"
      }
    }`;
    const r = q(text, { name: 'test.invalid.', type: 'A' });
    expect(r.rcode).toBe('NXDOMAIN');
    expect(r.authority.map((a) => a.split('\t').join(' '))).toEqual(['invalid. 60 IN SOA ns.invalid. hostmaster.invalid. 1 60 60 60 60']);
    expect(r.trace.edns?.options).toEqual([15]);
    expect(r.trace.edns?.do).toBe(true);
  });

  it('#81 a CNAME answer to an A query is followed through the server', () => {
    const text = `. {
      template IN ANY cname.example.net. {
        match ".*"
        answer "cname.example.net. 60 IN CNAME target.example.net."
      }
      template IN A target.example.net. {
        match ".*"
        answer "target.example.net. 60 IN A 1.2.3.4"
      }
    }`;
    expect(answers(q(text, { name: 'cname.example.net.', type: 'A' }))).toEqual(['cname.example.net. 60 IN CNAME target.example.net.', 'target.example.net. 60 IN A 1.2.3.4']);
    expect(answers(q(text, { name: 'cname.example.net.', type: 'CNAME' }))).toEqual(['cname.example.net. 60 IN CNAME target.example.net.']);
  });

  it('§6.9 zone/class/type match but no regex: SERVFAIL at once, later templates are not tried', () => {
    const text = `. {
      template IN A example. {
        match "^www[.]"
        answer "{{ .Name }} 60 IN A 10.0.0.1"
      }
      template IN A example. {
        answer "{{ .Name }} 60 IN A 10.0.0.2"
      }
    }`;
    expect(q(text, { name: 'mail.example.', type: 'A' }).rcode).toBe('SERVFAIL');
    expect(answers(q(text, { name: 'www.example.', type: 'A' }))).toEqual(['www.example. 60 IN A 10.0.0.1']);
  });

  it('§6.9 .Name is lower-cased; .Question keeps the case', () => {
    const text = `. {\n template IN TXT {\n answer "{{ .Name }} 60 IN TXT \\"{{ .Question.Name }}\\""\n }\n}`;
    expect(answers(q(text, { name: 'WwW.Example.', type: 'TXT' }))).toEqual(['www.example. 60 IN TXT "WwW.Example."']);
  });

  it('.Type and .Class are the template\'s own when the query says ANY', () => {
    const text = `. {\n template IN A {\n answer "{{ .Name }} 60 IN TXT \\"{{ .Type }} {{ .Class }}\\""\n }\n}`;
    expect(answers(q(text, { name: 'x.example.', type: 'ANY' }))).toEqual(['x.example. 60 IN TXT "A IN"']);
  });

  it('.Meta reads metadata only when the block has the metadata plugin', () => {
    const withMeta = `. {\n metadata\n view v1 {\n expr true\n }\n template IN TXT {\n answer "{{ .Name }} 60 IN TXT \\"{{ .Meta \\"view/name\\" }}\\""\n }\n}`;
    expect(answers(q(withMeta, { name: 'x.example.', type: 'TXT' }))).toEqual(['x.example. 60 IN TXT "v1"']);
    const without = withMeta.replace(' metadata\n', '');
    expect(answers(q(without, { name: 'x.example.', type: 'TXT' }))).toEqual(['x.example. 60 IN TXT ""']);
  });
});

describe('Go text/template subset', () => {
  const data = {
    kind: 'struct' as const,
    type: 'templateData',
    fields: { Name: 'a.example.', Match: ['a.example.', 'a'], Group: goMap({ '0': 'a.example.', x: '0f' }), N: 3 },
  };
  const run = (s: string) => compileTemplate(s).run(data);
  it.each([
    ['{{ .Name }}', 'a.example.'],
    ['{{ index .Match 1 }}', 'a'],
    ['{{ .Group.x }}', '0f'],
    ['{{ .Group.missing }}', '<no value>'],
    ['{{ index .Group "missing" }}', ''],
    ['{{ parseInt .Group.x 16 8 }}', '15'],
    ['{{ printf "%s-%03d" .Name .N }}', 'a.example.-003'],
    ['{{ if eq (index .Match 1) "a" }}yes{{ else }}no{{ end }}', 'yes'],
    ['{{ if eq .N 4 }}four{{ else if eq .N 3 }}three{{ end }}', 'three'],
    ['{{ range $i, $m := .Match }}{{ $i }}={{ $m }};{{ end }}', '0=a.example.;1=a;'],
    ['{{ $n := .Name }}{{ $n | len }}', '10'],
    ['a  {{- " b " -}}  c', 'a b c'],
    ['{{/* comment */}}x', 'x'],
    ['{{ if and (gt (len .Match) 2) (index .Match 2) }}yes{{ else }}short{{ end }}', 'short'],
    ['{{ or (index .Group "missing") "fallback" }}', 'fallback'],
  ])('%s', (src, out) => {
    expect(run(src)).toEqual({ ok: true, text: out });
  });
  it('errors carry text/template wording', () => {
    expect(run('{{ index .Match 2 }}')).toMatchObject({ ok: false, error: 'error calling index: index out of range: 2', unsupported: false });
    expect(run('{{ .Nope }}')).toMatchObject({ ok: false, error: "can't evaluate field Nope in type templateData" });
    expect(run('{{ parseInt "zz" 16 8 }}')).toMatchObject({ ok: false, unsupported: false });
    expect(run('{{ parseInt "1ff" 16 8 }}')).toMatchObject({ ok: false, error: expect.stringContaining('value out of range') });
  });
  it('actions outside the subset say so', () => {
    expect(run('{{ template "x" }}')).toMatchObject({ ok: false, unsupported: true });
  });
});

describe('rewrite (spec #82–#89, plugin/rewrite/*_test.go, test/rewrite_test.go)', () => {
  // A backend that echoes the name it sees, as the Go tests' stub does.
  const echo = (rules: string) => `. {\n ${rules}\n template IN A {\n answer "{{ .Name }} 5 IN A 10.0.0.1"\n }\n}`;

  it('#82 exact: the backend sees the new name; owner and question come back as asked', () => {
    const r = q(echo('rewrite name exact coredns.rocks service.consul'), { name: 'coredns.rocks.', type: 'A' });
    expect(r.question).toEqual(['coredns.rocks.\tIN\tA']);
    expect(answers(r)).toEqual(['coredns.rocks. 5 IN A 10.0.0.1']);
    expect(r.trace.steps.some((s) => s.plugin === 'rewrite' && s.text.includes('service.consul.'))).toBe(true);
  });

  it('#83 suffix without answer rules: question restored, owner stays rewritten', () => {
    const r = q(echo('rewrite name suffix com org'), { name: 'foo.example.com.', type: 'A' });
    expect(r.question).toEqual(['foo.example.com.\tIN\tA']);
    expect(answers(r)).toEqual(['foo.example.org. 5 IN A 10.0.0.1']);
  });

  it('#84 suffix with answer auto: owner rewritten back', () => {
    expect(answers(q(echo('rewrite name suffix com org answer auto'), { name: 'foo.example.com.', type: 'A' }))).toEqual(['foo.example.com. 5 IN A 10.0.0.1']);
  });

  it('#85 suffix is a plain string suffix, not label-aware', () => {
    const r = q(echo('rewrite name suffix .ingress.coredns.rocks nginx.coredns.rocks'), { name: 'coredns.ingress.coredns.rocks.', type: 'A' });
    expect(answers(r)).toEqual(['corednsnginx.coredns.rocks. 5 IN A 10.0.0.1']);
  });

  it('#86 regex with {1}, with and without answer name', () => {
    expect(answers(q(echo('rewrite name regex (.*).coredns.rocks {1}.coredns.maps'), { name: 'foo.coredns.rocks.', type: 'A' }))).toEqual(['foo.coredns.maps. 5 IN A 10.0.0.1']);
    expect(
      answers(q(echo('rewrite name regex (.*).coredns.rocks {1}.coredns.maps answer name (.*).coredns.maps {1}.coredns.works'), { name: 'foo.coredns.rocks.', type: 'A' })),
    ).toEqual(['foo.coredns.works. 5 IN A 10.0.0.1']);
  });

  it('#87 prefix matches the first label only (FROM gets a trailing dot)', () => {
    expect(answers(q(echo('rewrite name prefix foo bar'), { name: 'foo.example.com.', type: 'A' }))).toEqual(['bar.example.com. 5 IN A 10.0.0.1']);
    expect(answers(q(echo('rewrite name prefix prefix to'), { name: 'prefix.nl.', type: 'A' }))).toEqual(['to.nl. 5 IN A 10.0.0.1']);
    // `foobar.` does not start with `foo.`: untouched.
    expect(answers(q(echo('rewrite name prefix foo bar'), { name: 'foobar.example.com.', type: 'A' }))).toEqual(['foobar.example.com. 5 IN A 10.0.0.1']);
  });

  it('#88 type MX→A with stop: question MX, answer A; edns0 local is echoed in the reply OPT', () => {
    const text = `. {\n rewrite type MX a\n rewrite edns0 local set 0xffee hello-world\n erratic . {\n drop 0\n }\n}`;
    const engine = buildEngine(text, engineEnv({}));
    const mx = previewWith(engine, { name: 'example.com.', type: 'MX' });
    expect(mx.rcode).toBe('NOERROR');
    expect(mx.question).toEqual(['example.com.\tIN\tMX']);
    expect(answers(mx)).toEqual(['example.com. 0 IN A 192.0.2.53']);
    const a = previewWith(engine, { name: 'example.com.', type: 'A' });
    expect(a.trace.edns?.options).toEqual([0xffee]);
  });

  it('#89 nothing after rewrite: SERVFAIL written through the reverter, question restored', () => {
    const r = q('. {\n rewrite name regex (.*)\\.test\\.$ {1}. answer auto\n}', { name: 'example.test.', type: 'MX' });
    expect(r.rcode).toBe('SERVFAIL');
    expect(r.question).toEqual(['example.test.\tIN\tMX']);
  });

  it('§6.8 continue without response rules leaves the rewritten question in the reply', () => {
    const r = q(echo('rewrite continue name suffix com org'), { name: 'foo.example.com.', type: 'A' });
    expect(r.question).toEqual(['foo.example.org.\tIN\tA']);
  });

  it('response rules of several rules are undone in reverse order', () => {
    const r = q(echo('rewrite continue name suffix .a .b answer auto\n rewrite name suffix .b .c answer auto'), { name: 'x.a.', type: 'A' });
    expect(answers(r)).toEqual(['x.a. 5 IN A 10.0.0.1']);
    expect(r.trace.steps.some((s) => s.plugin === 'rewrite' && s.text.includes('x.b. → x.c.'))).toBe(true);
  });

  it('ttl and rcode response rules', () => {
    expect(answers(q(echo('rewrite ttl exact foo.example. 30-60'), { name: 'foo.example.', type: 'A' }))).toEqual(['foo.example. 30 IN A 10.0.0.1']);
    const r = q('. {\n rewrite rcode exact foo.example. SERVFAIL NXDOMAIN\n}', { name: 'foo.example.', type: 'A' });
    expect(r.rcode).toBe('NXDOMAIN');
  });

  it('regex rules use Go RE2 semantics (no lookahead: a setup error, not a JS regexp)', () => {
    const r = q(echo('rewrite name regex (?=x)(.*) {1}'), { name: 'x.example.', type: 'A' });
    expect(r.trace.issues.some((i) => i.severity === 'error')).toBe(true);
  });
});

describe('acl (spec #97–#98, plugin/acl/acl_test.go)', () => {
  const withAcl = (acl: string) => `example.org {\n ${acl}\n template IN A {\n answer "{{ .Name }} 5 IN A 10.0.0.1"\n }\n}`;
  it('#97 block by type and network; other clients pass', () => {
    const text = withAcl('acl example.org {\n block type A net 192.168.0.0/16\n }');
    const blocked = q(text, { name: 'www.example.org.', type: 'A' }, { clientIP: '192.168.0.2' });
    expect(blocked.rcode).toBe('REFUSED');
    expect(blocked.trace.edns?.options).toEqual([15]);
    const passed = q(text, { name: 'www.example.org.', type: 'A' }, { clientIP: '192.167.0.2' });
    expect(passed.rcode).toBe('NOERROR');
    expect(passed.answer.length).toBe(1);
  });
  it('#98 allow then block; filter; drop', () => {
    const r1 = q(withAcl('acl example.org {\n allow net 192.168.0.0/16\n block\n }'), { name: 'www.example.org.', type: 'A' }, { clientIP: '10.1.0.2' });
    expect(r1.rcode).toBe('REFUSED');
    const r1b = q(withAcl('acl example.org {\n allow net 192.168.0.0/16\n block\n }'), { name: 'www.example.org.', type: 'A' }, { clientIP: '192.168.1.1' });
    expect(r1b.answer.length).toBe(1);
    const r2 = q(withAcl('acl example.org {\n filter type A net 192.168.0.0/16\n }'), { name: 'www.example.org.', type: 'A' }, { clientIP: '192.168.0.2' });
    expect(r2.rcode).toBe('NOERROR');
    expect(r2.answer).toEqual([]);
    expect(r2.trace.edns?.options).toEqual([15]);
    const r3 = q(withAcl('acl example.org {\n drop net 192.168.0.0/16\n }'), { name: 'www.example.org.', type: 'A' }, { clientIP: '192.168.0.2' });
    expect(r3.trace.outcome).toBe('no-reply');
  });
  it('IPv6 clients and host addresses', () => {
    const text = withAcl('acl {\n block net 2001:db8::1\n }');
    expect(q(text, { name: 'www.example.org.', type: 'A' }, { clientIP: '2001:db8::1' }).rcode).toBe('REFUSED');
    expect(q(text, { name: 'www.example.org.', type: 'A' }, { clientIP: '2001:db8::2' }).rcode).toBe('NOERROR');
  });
});

describe('view (spec #99, test/view_test.go)', () => {
  const corefile = `
split-type {
  view test-view-a {
    expr type() == 'A'
  }
  hosts {
    1.2.3.4 test.split-type
  }
}
split-type {
  view test-view-aaaa {
    expr type() == 'AAAA'
  }
  hosts {
    1:2:3::4 test.split-type
  }
}
split-name {
  view test-view-1 {
    expr name() matches '^one\\\\..*\\\\.split-name\\\\.$'
  }
  hosts {
    1.1.1.1 one.test.split-name one.test.test.test.split-name
  }
}
split-name {
  view test-view-2 {
    expr name() matches '^two\\\\..*\\\\.split-name\\\\.$'
  }
  hosts {
    2.2.2.2 two.test.split-name two.test.test.test.split-name
  }
}
split-name {
  hosts {
    3.3.3.3 default.test.split-name
  }
}
metadata {
  metadata
  view test-view-meta1 {
    expr metadata('view/name') == 'not-the-view-name'
  }
  hosts {
    1.1.1.1 test.metadata
  }
}
metadata {
  view test-view-meta2 {
    expr metadata('view/name') == 'test-view-meta2'
  }
  metadata
  hosts {
    2.2.2.2 test.metadata
  }
}
`;
  const engine = buildEngine(corefile, engineEnv({}));
  it.each([
    ['test.split-type.', 'A', '1.2.3.4'],
    ['test.split-type.', 'AAAA', '1:2:3::4'],
    ['one.test.test.test.split-name.', 'A', '1.1.1.1'],
    ['two.test.test.test.split-name.', 'A', '2.2.2.2'],
    ['default.test.split-name.', 'A', '3.3.3.3'],
    ['test.metadata.', 'A', '2.2.2.2'],
  ])('%s %s → %s', (name, type, addr) => {
    const r = previewWith(engine, { name, type });
    expect(engine.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.rcode).toBe('NOERROR');
    expect(r.answer.map((a) => a.split('\t')[4])).toEqual([addr]);
  });
  it('an expression outside the evaluated subset is "cannot evaluate", not a guess', () => {
    const r = q(`. {\n view v {\n expr [name()][0] == 'x.'\n }\n whoami\n}`, { name: 'x.', type: 'A' });
    expect(r.trace.outcome).toBe('undetermined');
    expect(r.trace.undetermined?.plugin).toBe('view');
  });
  it('an invalid view (CoreDNS would not start) is reported and never acts as an unfiltered block', () => {
    const r = q(`. {\n view v {\n expr name( == 'x'\n }\n whoami\n}`, { name: 'x.', type: 'A' });
    expect(r.trace.issues.some((i) => i.severity === 'error' && i.message.includes('plugin/view'))).toBe(true);
    expect(r.trace.outcome).toBe('undetermined');
  });
  it('incidr and client_ip', () => {
    const text = `. {\n view lan {\n expr incidr(client_ip(), '10.0.0.0/8')\n }\n template IN A {\n answer "{{ .Name }} 5 IN A 10.1.1.1"\n }\n}\n. {\n template IN A {\n answer "{{ .Name }} 5 IN A 192.0.2.1"\n }\n}`;
    expect(answers(q(text, { name: 'x.', type: 'A' }, { clientIP: '10.2.3.4' }))).toEqual(['x. 5 IN A 10.1.1.1']);
    expect(answers(q(text, { name: 'x.', type: 'A' }, { clientIP: '172.16.0.1' }))).toEqual(['x. 5 IN A 192.0.2.1']);
  });
});

describe('erratic (spec #88, #100, §6.9)', () => {
  it('bare erratic drops the first query (counter starts at 0), then answers', () => {
    const engine = buildEngine('. {\n erratic\n}', engineEnv({}));
    expect(previewWith(engine, { name: 'example.org.', type: 'A' }).trace.outcome).toBe('no-reply');
    expect(answers(previewWith(engine, { name: 'example.org.', type: 'A' }))).toEqual(['example.org. 0 IN A 192.0.2.53']);
    expect(previewWith(engine, { name: 'example.org.', type: 'A' }).trace.outcome).toBe('no-reply');
  });
  it('#100 large: 30 A records fit in 512 bytes only with compression (no TC)', () => {
    const r = q('example.org {\n erratic {\n drop 0\n delay 0\n large\n }\n}', { name: 'example.org.', type: 'A' });
    expect(r.answer.length).toBe(30);
    expect(r.flags).not.toContain('tc');
  });
  it('other types are SERVFAIL', () => {
    expect(q('. {\n erratic {\n drop 0\n }\n}', { name: 'example.org.', type: 'MX' }).rcode).toBe('SERVFAIL');
  });
});

describe('header and dns64', () => {
  it('header sets flags on plugin replies but not on server error replies', () => {
    const text = `. {\n header {\n response set ra\n response clear aa\n }\n template IN A {\n answer "{{ .Name }} 5 IN A 10.0.0.1"\n }\n}`;
    const r = q(text, { name: 'x.', type: 'A' });
    expect(r.flags).toContain('ra');
    expect(r.flags).not.toContain('aa');
    expect(q(text, { name: 'x.', type: 'MX' }).flags).not.toContain('ra');
  });
  it('dns64 synthesizes AAAA from A for IPv6 clients, NODATA stays NODATA for IPv4 ones', () => {
    const text = `. {\n dns64\n hosts {\n 192.0.2.10 v4only.example\n }\n}`;
    const r = q(text, { name: 'v4only.example.', type: 'AAAA' }, { clientIP: '2001:db8::5' });
    expect(answers(r)).toEqual(['v4only.example. 600 IN AAAA 64:ff9b::c000:20a']);
    expect(r.flags).not.toContain('aa');
    expect(q(text, { name: 'v4only.example.', type: 'AAAA' }).answer).toEqual([]);
  });
});

describe('k8s_external (plugin/k8s_external/external_test.go values)', () => {
  const cluster = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: testns}}
- {apiVersion: v1, kind: Namespace, metadata: {name: hidden}}
- apiVersion: v1
  kind: Service
  metadata: {name: svc1, namespace: testns}
  spec: {type: ClusterIP, clusterIP: 10.0.0.1, clusterIPs: [10.0.0.1], externalIPs: [1.2.3.4], ports: [{name: http, port: 80, protocol: TCP}]}
- apiVersion: v1
  kind: Service
  metadata: {name: svc6, namespace: testns}
  spec: {type: ClusterIP, clusterIP: 10.0.0.3, clusterIPs: [10.0.0.3], externalIPs: ["1:2::5"], ports: [{name: http, port: 80, protocol: TCP}]}
- apiVersion: v1
  kind: Service
  metadata: {name: lb, namespace: testns}
  spec: {type: LoadBalancer, clusterIP: 10.0.0.4, clusterIPs: [10.0.0.4], ports: [{name: https, port: 443, protocol: TCP}]}
  status: {loadBalancer: {ingress: [{ip: 203.0.113.9}]}}
- apiVersion: v1
  kind: Service
  metadata: {name: svc1, namespace: hidden}
  spec: {type: ClusterIP, clusterIP: 10.0.0.5, clusterIPs: [10.0.0.5], externalIPs: [1.2.3.5], ports: [{name: http, port: 80, protocol: TCP}]}
`;
  const corefile = `. {\n k8s_external example.com in-addr.arpa\n kubernetes cluster.local {\n namespaces testns\n }\n}`;
  const engine = buildEngine(corefile, engineEnv({ cluster }));
  const ask = (name: string, type: string) => previewWith(engine, { name, type });
  const soa = 'example.com. 5 IN SOA ns1.dns.example.com. hostmaster.dns.example.com. 1 7200 1800 86400 5';
  const flat = (l: string[]) => l.map((a) => a.split('\t').join(' '));

  it('A, AAAA and SRV from external IPs (and load-balancer ingress)', () => {
    expect(flat(ask('svc1.testns.example.com.', 'A').answer)).toEqual(['svc1.testns.example.com. 5 IN A 1.2.3.4']);
    expect(flat(ask('svc6.testns.example.com.', 'AAAA').answer)).toEqual(['svc6.testns.example.com. 5 IN AAAA 1:2::5']);
    expect(flat(ask('lb.testns.example.com.', 'A').answer)).toEqual(['lb.testns.example.com. 5 IN A 203.0.113.9']);
    const srv = ask('_http._tcp.svc1.testns.example.com.', 'SRV');
    expect(flat(srv.answer)).toEqual(['_http._tcp.svc1.testns.example.com. 5 IN SRV 0 100 80 svc1.testns.example.com.']);
    expect(flat(srv.additional)).toEqual(['svc1.testns.example.com. 5 IN A 1.2.3.4']);
    expect(ask('svc1.testns.example.com.', 'A').flags).toContain('aa');
  });
  it('NODATA and NXDOMAIN carry the zone SOA; namespaces outside `namespaces` are not exposed', () => {
    const nodata = ask('svc1.testns.example.com.', 'AAAA');
    expect([nodata.rcode, nodata.answer, flat(nodata.authority)]).toEqual(['NOERROR', [], [soa]]);
    expect(ask('svc0.testns.example.com.', 'A').rcode).toBe('NXDOMAIN');
    expect(ask('*._not-udp-or-tcp.svc1.testns.example.com.', 'SRV').rcode).toBe('NXDOMAIN');
    expect(ask('svc1.hidden.example.com.', 'A').rcode).toBe('NXDOMAIN');
    expect(ask('testns.example.com.', 'A').rcode).toBe('NOERROR');
  });
  it('PTR for an external IP; apex SOA and NS', () => {
    expect(flat(ask('4.3.2.1.in-addr.arpa.', 'PTR').answer)).toEqual(['4.3.2.1.in-addr.arpa. 5 IN PTR svc1.testns.example.com.']);
    expect(flat(ask('example.com.', 'SOA').answer)).toEqual([soa]);
    expect(flat(ask('example.com.', 'NS').answer)).toEqual(['example.com. 5 IN NS ns1.dns.example.com.']);
    expect(ask('dns.example.com.', 'A').rcode).toBe('NOERROR');
    expect(ask('foo.dns.example.com.', 'A').rcode).toBe('NXDOMAIN');
    expect(ask('a.b.dns.example.com.', 'A').rcode).toBe('NXDOMAIN');
  });
  it('without the kubernetes plugin the configuration is an error', () => {
    const r = preview('. {\n k8s_external example.com\n}', { name: 'svc1.testns.example.com.', type: 'A' }, { cluster });
    expect(r.trace.issues.some((i) => i.message.includes('kubernetes plugin not loaded'))).toBe(true);
  });
});

describe('autopath (@kubernetes with pods verified)', () => {
  const cluster = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: default}}
- {apiVersion: v1, kind: Namespace, metadata: {name: shop}}
- apiVersion: v1
  kind: Service
  metadata: {name: nginx, namespace: default}
  spec: {type: ClusterIP, clusterIP: 10.96.0.20, clusterIPs: [10.96.0.20], ports: [{name: http, port: 80, protocol: TCP}]}
- apiVersion: v1
  kind: Pod
  metadata: {name: client, namespace: shop}
  status: {podIP: 10.244.1.5, phase: Running}
`;
  const corefile = (pods: string) => `. {\n autopath @kubernetes\n kubernetes cluster.local {\n pods ${pods}\n }\n}`;
  it('a short name from a pod in shop is found in default.svc: CNAME to it, question as asked', () => {
    const r = preview(corefile('verified'), { name: 'nginx.default.shop.svc.cluster.local.', type: 'A' }, { cluster, clientIP: '10.244.1.5' });
    expect(r.rcode).toBe('NOERROR');
    expect(r.question).toEqual(['nginx.default.shop.svc.cluster.local.\tIN\tA']);
    expect(answers(r)).toEqual(['nginx.default.shop.svc.cluster.local. 5 IN CNAME nginx.default.svc.cluster.local.', 'nginx.default.svc.cluster.local. 5 IN A 10.96.0.20']);
  });
  it('steps aside for unknown clients and without pods verified', () => {
    expect(preview(corefile('verified'), { name: 'nginx.default.shop.svc.cluster.local.', type: 'A' }, { cluster, clientIP: '10.9.9.9' }).rcode).toBe('NXDOMAIN');
    expect(preview(corefile('insecure'), { name: 'nginx.default.shop.svc.cluster.local.', type: 'A' }, { cluster, clientIP: '10.244.1.5' }).rcode).toBe('NXDOMAIN');
  });
});

describe('rewrite rule table (plugin/rewrite/rewrite_test.go TestRewrite)', () => {
  // The backend reports the question it received: name, type and class numbers.
  const corefile = String.raw`. {
  chaos
  rewrite name from.nl. to.nl.
  rewrite name regex (core)\.(dns)\.(rocks)\.(nl) {2}.{1}.{3}.{4} answer name (dns)\.(core)\.(rocks)\.(nl) {2}.{1}.{3}.{4}
  rewrite name exact from.exact.nl. to.nl.
  rewrite name prefix prefix to
  rewrite name suffix .suffix. .nl.
  rewrite name substring from.substring to
  rewrite name regex (f.*m)\.regex\.(nl) to.{2}
  rewrite continue name regex consul\.(rocks) core.dns.{1}
  rewrite name core.dns.rocks to.nl.
  rewrite continue class HS CH
  rewrite class CH IN
  rewrite type ANY HINFO
  template ANY ANY {
    answer "seen. 60 IN TXT \"{{ .Question.Name }} {{ .Question.Qtype }} {{ .Question.Qclass }}\""
  }
}`;
  const engine = buildEngine(corefile, engineEnv({}));
  it.each([
    ['from.nl.', 'A', 'IN', 'to.nl. 1 1'],
    ['a.nl.', 'A', 'IN', 'a.nl. 1 1'],
    ['a.nl.', 'A', 'CH', 'a.nl. 1 1'],
    ['a.nl.', 'ANY', 'IN', 'a.nl. 13 1'],
    ['from.nl.', 'ANY', 'IN', 'to.nl. 255 1'],
    ['from.exact.nl.', 'A', 'IN', 'to.nl. 1 1'],
    ['prefix.nl.', 'A', 'IN', 'to.nl. 1 1'],
    ['to.suffix.', 'A', 'IN', 'to.nl. 1 1'],
    ['from.substring.nl.', 'A', 'IN', 'to.nl. 1 1'],
    ['from.regex.nl.', 'A', 'IN', 'to.nl. 1 1'],
    ['consul.rocks.', 'A', 'IN', 'to.nl. 1 1'],
    ['a.nl.', 'ANY', 'CH', 'a.nl. 255 1'],
    ['a.nl.', 'ANY', 'HS', 'a.nl. 255 1'],
    ['core.dns.rocks.nl.', 'A', 'IN', 'dns.core.rocks.nl. 1 1'],
  ])('%s %s %s → backend sees %s', (name, type, cls, seen) => {
    const r = previewWith(engine, { name, type, class: cls });
    expect(engine.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.answer).toEqual([`seen.\t60\tIN\tTXT\t"${seen}"`]);
    // The reverter gives the client its own question back.
    expect(r.question[0].split('\t')[0]).toBe(name);
  });
});

describe('metadata from the kubernetes plugin (kubernetes/metadata.go)', () => {
  const cluster = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: prod}}
- apiVersion: v1
  kind: Pod
  metadata: {name: api-0, namespace: prod, labels: {app: api}}
  status: {podIP: 10.244.9.9, phase: Running}
`;
  const corefile = `cluster.local {
  metadata
  view prod {
    expr metadata('kubernetes/client-namespace') == 'prod'
  }
  template IN TXT {
    answer "{{ .Name }} 60 IN TXT \\"{{ .Meta \\"kubernetes/service\\" }}/{{ .Meta \\"kubernetes/namespace\\" }}/{{ .Meta \\"kubernetes/port-name\\" }} {{ .Meta \\"kubernetes/client-label/app\\" }}\\""
  }
  kubernetes {
    pods verified
  }
}
cluster.local {
  template IN TXT {
    answer "{{ .Name }} 60 IN TXT \\"other\\""
  }
  kubernetes
}`;
  it('client pod and name parts, usable in a view and in template .Meta', () => {
    const r = preview(corefile, { name: '_http._tcp.web.shop.svc.cluster.local.', type: 'TXT' }, { cluster, clientIP: '10.244.9.9' });
    expect(answers(r)).toEqual(['_http._tcp.web.shop.svc.cluster.local. 60 IN TXT "web/shop/http api"']);
    const other = preview(corefile, { name: 'web.shop.svc.cluster.local.', type: 'TXT' }, { cluster, clientIP: '10.1.1.1' });
    expect(answers(other)).toEqual(['web.shop.svc.cluster.local. 60 IN TXT "other"']);
  });
});

describe('bad configurations never throw', () => {
  const bodies = [
    'rewrite',
    'rewrite name',
    'rewrite name regex ( x',
    'rewrite stop',
    'rewrite edns0 local set zz',
    'rewrite edns0 subnet set 99 200',
    'rewrite ttl a.example. 9-1',
    'rewrite rcode a.example. BOGUS NOERROR',
    'rewrite cname regex ( x',
    'rewrite {\n name\n }',
    'template',
    'template IN',
    'template in a',
    'template IN A {\n answer "{{"\n }',
    'template IN A {\n answer "{{ .Nope.Deeper }}"\n }',
    'template IN A {\n answer "{{ define \\"x\\" }}{{ end }}"\n }',
    'template IN A {\n match (\n }',
    'template IN A {\n rcode BOGUS\n }',
    'template IN A {\n ederror x\n }',
    'acl {\n block net not-a-net\n }',
    'acl {\n nope\n }',
    'acl {\n block type\n }',
    'view',
    'view v {\n expr (\n }',
    'view v {\n expr name() matches "("\n }',
    'view v {\n nope\n }',
    'header',
    'header {\n query flip aa\n }',
    'dns64 zzz',
    'dns64 {\n prefix 10.0.0.0/8\n }',
    'erratic {\n drop -1\n }',
    'erratic {\n nope\n }',
    'k8s_external',
    'k8s_external {\n ttl 99999\n }',
    'autopath',
    'autopath @nothing',
    'autopath /no/such/resolv.conf',
    'metadata a b {\n }',
  ];
  it.each(bodies)('%s', (body) => {
    for (const type of ['A', 'AAAA', 'MX', 'PTR', 'ANY']) {
      const r = preview(`. {\n ${body}\n whoami\n}`, { name: 'a.example.', type }, { clientIP: 'not-an-ip' });
      expect(typeof r.rcode).toBe('string');
    }
  });
});

describe('view expression evaluation', () => {
  const env = {
    call(name: string, args: unknown[]) {
      const fns: Record<string, unknown> = { name: 'www.example.org.', type: 'AAAA', client_ip: '10.1.2.3', port: '40000', do: false, bufsize: 1232 };
      if (name === 'incidr') return args[1] === '10.0.0.0/8';
      return name in fns ? (fns[name] as never) : { error: `unsupported: the function ${name}()` };
    },
  };
  const run = (s: string) => {
    const c = compileViewExpr(s);
    return 'error' in c ? c : c.run(env);
  };
  it.each([
    ["name() matches '^www[.]'", true],
    ["name() endsWith '.org.' && type() in ['A', 'AAAA']", true],
    ["type() not in ['A', 'AAAA']", false],
    ["not (client_ip() startsWith '192.')", true],
    ["incidr(client_ip(), '10.0.0.0/8') or do()", true],
    ['bufsize() >= 1232 and bufsize() < 4096', true],
    ["port() == '40000'", true],
    ["upper(type()) == 'AAAA' ? true : false", true],
    ['1 + 2 * 3 == 7', true],
    ["lower('X') + 'y' == 'xy'", true],
  ])('%s → %s', (src, value) => {
    expect(run(src)).toEqual({ value });
  });
  it('runtime errors and forms outside the subset are told apart', () => {
    expect(run("type() > 1")).toMatchObject({ error: expect.any(String) });
    expect(run("[name()][0] == 'x'")).toMatchObject({ unsupported: expect.any(String) });
    // A compile error (expr's type check, through the catalog): CoreDNS would not start.
    expect(run("'a' in 'abc'")).toMatchObject({ error: expect.stringContaining('mismatched types') });
    expect(run('name(')).toMatchObject({ error: expect.stringContaining('unexpected token') });
  });
});

describe('template var/expr (after 1.14.7)', () => {
  it('is a configuration error in 1.14.7, and the answer is not guessed', () => {
    const r = preview('. {\n template IN A {\n var x name()\n answer "{{ .Name }} 60 IN A 10.0.0.1"\n }\n}', { name: 'a.example.', type: 'A' });
    expect(r.trace.issues.some((i) => i.severity === 'error' && i.message.includes('newer than 1.14.7'))).toBe(true);
    expect(r.trace.outcome).toBe('undetermined');
  });
});

describe('rewrite cname (plugin/rewrite/cname_target.go)', () => {
  it('a CNAME target in the reply is replaced and the new target looked up through the server', () => {
    const text = `. {
  rewrite cname exact old.target.example. new.target.example.
  template IN A www.example. {
    answer "www.example. 60 IN CNAME old.target.example."
  }
  template IN A target.example. {
    answer "{{ .Name }} 60 IN A 10.0.0.{{ len .Name }}"
  }
}`;
    const r = q(text, { name: 'www.example.', type: 'A' });
    expect(answers(r)).toEqual(['www.example. 60 IN CNAME new.target.example.', 'new.target.example. 60 IN A 10.0.0.19']);
    expect(r.question).toEqual(['www.example.\tIN\tA']);
  });
});

describe('rewrite edns0 (plugin/rewrite/edns0.go, test/rewrite_test.go testEdns0)', () => {
  it('a local option set on the request is echoed back, unless the rule reverts it', () => {
    const plain = q('. {\n rewrite edns0 local set 0xffee hello\n whoami\n}', { name: 'a.example.', type: 'A' });
    expect(plain.trace.edns?.options).toEqual([0xffee]);
    const reverted = q('. {\n rewrite edns0 local set 0xffee hello revert\n whoami\n}', { name: 'a.example.', type: 'A' });
    expect(reverted.trace.edns?.options ?? []).toEqual([]);
  });
  it('the client IP as a variable, and unset', () => {
    const r = q('. {\n rewrite continue edns0 local set 0xffee {client_ip}\n rewrite edns0 local unset 0xffee\n whoami\n}', { name: 'a.example.', type: 'A' }, { clientIP: '10.1.2.3' });
    expect(r.trace.edns?.options ?? []).toEqual([]);
  });
});

describe('dns64 address synthesis (RFC 6052 §2.4 examples)', () => {
  it.each([
    ['2001:db8::/32', '2001:db8:c000:221::'],
    ['2001:db8:100::/40', '2001:db8:1c0:2:21::'],
    ['2001:db8:122::/48', '2001:db8:122:c000:2:2100::'],
    ['2001:db8:122:300::/56', '2001:db8:122:3c0:0:221::'],
    ['2001:db8:122:344::/64', '2001:db8:122:344:c0:2:2100:0'],
    ['2001:db8:122:344::/96', '2001:db8:122:344::c000:221'],
  ])('%s', (prefix, aaaa) => {
    const r = q(`. {\n dns64 ${prefix}\n hosts {\n 192.0.2.33 h.example\n }\n}`, { name: 'h.example.', type: 'AAAA' }, { clientIP: '2001:db8::99' });
    expect(r.answer.map((a) => a.split('\t')[4])).toEqual([aaaa]);
  });
});

describe('k8s_external headless', () => {
  const cluster = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: data}}
- apiVersion: v1
  kind: Service
  metadata: {name: db, namespace: data}
  spec: {clusterIP: None, clusterIPs: [None], ports: [{name: postgres, port: 5432, protocol: TCP}]}
- apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata: {name: db-x, namespace: data, labels: {kubernetes.io/service-name: db}}
  addressType: IPv4
  ports: [{name: postgres, port: 5432, protocol: TCP}]
  endpoints:
  - {addresses: [10.244.1.20], hostname: db-0}
  - {addresses: [10.244.2.21], hostname: db-1}
`;
  const text = (opt: string) => `. {\n k8s_external example.com {\n ${opt}\n }\n kubernetes cluster.local\n}`;
  const flat = (l: string[]) => l.map((a) => a.split('\t').join(' '));
  it('with headless: endpoint addresses, one endpoint by hostname, SRV per endpoint', () => {
    const e = buildEngine(text('headless'), engineEnv({ cluster }));
    expect(flat(previewWith(e, { name: 'db.data.example.com.', type: 'A' }).answer)).toEqual(['db.data.example.com. 5 IN A 10.244.1.20', 'db.data.example.com. 5 IN A 10.244.2.21']);
    expect(flat(previewWith(e, { name: 'db-1.db.data.example.com.', type: 'A' }).answer)).toEqual(['db-1.db.data.example.com. 5 IN A 10.244.2.21']);
    const srv = previewWith(e, { name: '_postgres._tcp.db.data.example.com.', type: 'SRV' });
    expect(flat(srv.answer)).toEqual([
      '_postgres._tcp.db.data.example.com. 5 IN SRV 0 50 5432 db-0.db.data.example.com.',
      '_postgres._tcp.db.data.example.com. 5 IN SRV 0 50 5432 db-1.db.data.example.com.',
    ]);
    expect(flat(srv.additional)).toEqual(['db-0.db.data.example.com. 5 IN A 10.244.1.20', 'db-1.db.data.example.com. 5 IN A 10.244.2.21']);
  });
  it('without headless a headless service has no external answer', () => {
    const e = buildEngine(text('ttl 5'), engineEnv({ cluster }));
    expect(previewWith(e, { name: 'db.data.example.com.', type: 'A' }).rcode).toBe('NXDOMAIN');
  });
});

describe('k8s_external apex glue (kubernetes/ns.go nsAddrs)', () => {
  const cluster = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: kube-system}}
- apiVersion: v1
  kind: Service
  metadata: {name: kube-dns, namespace: kube-system}
  spec: {clusterIP: 10.96.0.10, clusterIPs: [10.96.0.10], externalIPs: [192.0.2.53], ports: [{name: dns, port: 53, protocol: UDP}]}
- apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata: {name: kube-dns-x, namespace: kube-system, labels: {kubernetes.io/service-name: kube-dns}}
  addressType: IPv4
  ports: [{name: dns, port: 53, protocol: UDP}]
  endpoints:
  - {addresses: [10.244.0.3]}
`;
  const corefile = '. {\n k8s_external example.com\n kubernetes cluster.local\n}';
  const flat = (l: string[]) => l.map((a) => a.split('\t').join(' '));
  it("the CoreDNS Service's external addresses back ns1", () => {
    const e = buildEngine(corefile, engineEnv({ cluster }));
    const ns = previewWith(e, { name: 'example.com.', type: 'NS' });
    expect(flat(ns.answer)).toEqual(['example.com. 5 IN NS ns1.dns.example.com.']);
    expect(flat(ns.additional)).toEqual(['ns1.dns.example.com. 5 IN A 192.0.2.53']);
    expect(flat(previewWith(e, { name: 'ns1.dns.example.com.', type: 'A' }).answer)).toEqual(['ns1.dns.example.com. 5 IN A 192.0.2.53']);
    expect(previewWith(e, { name: 'ns1.dns.example.com.', type: 'AAAA' }).authority.length).toBe(1);
  });
  it('a CoreDNS address that backs no Service answers for itself', () => {
    const e = buildEngine(corefile, engineEnv({ cluster, corednsIPs: ['10.9.9.9'] }));
    expect(flat(previewWith(e, { name: 'example.com.', type: 'NS' }).additional)).toEqual(['ns1.dns.example.com. 5 IN A 10.9.9.9']);
  });
});

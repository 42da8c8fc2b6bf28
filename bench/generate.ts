/**
 * A deterministic large Corefile of realistic shape: many server blocks with
 * the plugins real configs use, comments, quoted strings, nested blocks.
 * The same `lines` always gives the same text: whole server blocks, so
 * it ends at the first block boundary at or after `lines` lines.
 */
export function generateCorefile(lines = 30_000): string {
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const out: string[] = ['# generated benchmark Corefile', ''];
  let block = 0;
  while (out.length < lines) {
    const zone = `zone${block}.example${rand(50)}.org`;
    const port = [53, 53, 1053, 5353][rand(4)];
    out.push(`${zone}:${port} ${zone.replace('zone', 'alt')}:${port} {`);
    out.push('    errors');
    out.push(`    log . "{remote}:{port} - {>id} \\"{type} {class} {name}\\" {rcode}"`);
    out.push(`    cache ${10 + rand(300)} {`, `        success ${1000 + rand(9000)} ${rand(600)}`, `        denial ${rand(5000)} 30`, '        prefetch 10 1m 10%', '    }');
    out.push(`    hosts {`, `        10.${rand(255)}.${rand(255)}.${rand(255)} host${block}.${zone}`, '        ttl 60', '        fallthrough', '    }');
    if (rand(3) === 0) out.push(`    # upstream for ${zone}`);
    out.push(`    forward . ${rand(255)}.${rand(255)}.0.1:53 tls://9.9.9.9 {`, '        max_fails 3', '        expire 10s', '        policy round_robin', '        health_check 5s', '    }');
    out.push(`    rewrite name regex (.*)\\.internal\\.${block}\\.org {1}.${zone} answer auto`);
    out.push(`    template IN A ${zone} {`, `        match "^ip-(\\d+)-(\\d+)\\.${zone}\\.$"`, '        answer "{{ .Name }} 60 IN A 10.0.{{ index .Match 1 }}.{{ index .Match 2 }}"', '        fallthrough', '    }');
    out.push('    loadbalance round_robin', '}', '');
    block++;
  }
  return out.join('\n');
}

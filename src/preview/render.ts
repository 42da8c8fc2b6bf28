import type { PreviewResult } from './index.js';

const pad = (s: string, n: number) => (s.length >= n ? s + ' ' : s.padEnd(n));

/** A record string `name\tttl\tclass\ttype\tdata` laid out as dig prints it. */
function digRR(s: string): string {
  const [name, ttl, cls, type, ...rest] = s.split('\t');
  return `${pad(name, 24)}${pad(ttl, 8)}${pad(cls, 4)}${pad(type, 8)}${rest.join('\t')}`;
}

/**
 * The text form of a result: dig's layout (header, flags, sections),
 * followed by the trace: listener, chosen block, each plugin in order.
 */
export function renderText(r: PreviewResult, label?: string): string {
  const out: string[] = [];
  const t = r.trace;
  if (label) out.push(`; <<>> corefile preview <<>> ${label}`);
  for (const i of t.issues) out.push(`;; CONFIG ${i.severity.toUpperCase()}: ${i.message}`);
  if (t.outcome === 'undetermined' && t.undetermined) {
    out.push(`;; UNDETERMINED: ${t.undetermined.plugin} would decide this answer; the preview cannot model it: ${t.undetermined.reason}`);
  } else if (t.outcome === 'no-listener') {
    out.push(`;; NO LISTENER: nothing in this Corefile listens where the query arrives; its listeners: ${t.listeners.join(', ') || 'none'} (choose with --port / --transport)`);
  } else if (t.outcome === 'no-reply') {
    out.push(';; NO REPLY: the server sends nothing back (the client times out)');
  } else {
    if (t.outcome === 'forwarded' && t.forwarded && !t.forwarded.answered) {
      // The reply below models an unreachable upstream; say so before anyone reads SERVFAIL as the answer.
      out.push(';; FORWARDED: the answer comes from an upstream, which an offline preview does not ask; below is what CoreDNS replies when no upstream answers (use --upstream live or --upstream ADDR for the real answer)');
    }
    out.push(`;; ->>HEADER<<- opcode: QUERY, status: ${r.rcode}`);
    out.push(`;; flags: ${r.flags.join(' ')}; QUERY: ${r.question.length}, ANSWER: ${r.answer.length}, AUTHORITY: ${r.authority.length}, ADDITIONAL: ${r.additional.length + (t.edns ? 1 : 0)}`);
    if (t.edns) {
      out.push('', ';; OPT PSEUDOSECTION:', `; EDNS: version: ${t.edns.version}, flags:${t.edns.do ? ' do' : ''}; udp: ${t.edns.udp}${t.edns.options.length ? `; options: ${t.edns.options.join(' ')}` : ''}`);
    }
    out.push('', ';; QUESTION SECTION:', ...r.question.map((q) => {
      const [name, cls, type] = q.split('\t');
      return `;${pad(name, 23)}${pad(cls, 12)}${type}`;
    }));
    for (const [title, list] of [['ANSWER', r.answer], ['AUTHORITY', r.authority], ['ADDITIONAL', r.additional]] as const) {
      if (list.length) out.push('', `;; ${title} SECTION:`, ...list.map(digRR));
    }
  }
  out.push('', ';; TRACE:');
  if (t.listener) out.push(`;; listener ${t.listener}`);
  if (t.block) out.push(`;; block ${t.block.index + 1} (${t.block.keys.join(' ')}): ${t.block.why}`);
  let n = 0;
  for (const s of t.steps) {
    if (s.plugin === 'server' && s.kind === 'note' && s.text.startsWith('block ')) continue;
    const indent = '  '.repeat(s.depth);
    out.push(`;; ${indent}${s.plugin === 'server' ? '  ' : String(++n).padStart(2) + '.'} ${pad(s.plugin, 12)}${pad(s.kind, 13)}${s.text}`);
  }
  if (t.forwarded) {
    const f = t.forwarded;
    out.push(`;; forwarded: ${f.plugin} from ${f.from}, policy ${f.policy}, upstreams ${f.policy === 'random' ? `{${f.upstreams.join(', ')}}` : f.upstreams.join(' → ')}${f.except.length ? `, except ${f.except.join(' ')}` : ''}; ${f.answered ? `answer from the ${f.source === 'stub' ? 'stand-in records' : 'upstream'}` : 'upstream: unavailable (offline preview)'}`);
    for (const note of f.notes) out.push(`;;   note: ${note}`);
  }
  for (const a of t.approximate) out.push(`;; approximate: ${a}`);
  return out.join('\n') + '\n';
}

import { checkZoneSyntax, parseIP } from '../../catalog/zones.js';
import { defineRule } from '../rule.js';

// Each evaluation of a regular expression literal makes a new RegExp object: these run for every key.
const BRACE = /[{}]/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const TRANSPORT = /^[a-z0-9]+:\/\//;

/** Only hex digits, `:`, `.` and brackets: what an IP literal with an optional port is made of. */
function ipChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 58) || c === 46 || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 91 || c === 93)) return false;
  }
  return true;
}

export default defineRule({
  id: 'no-suspicious-server-key',
  category: 'suspicious',
  severity: 'warning',
  scope: 'block',
  description: 'Server-block keys CoreDNS accepts but probably reads differently than meant.',
  docs:
    'Keys are zones, not listen addresses: `127.0.0.1` is a zone named `127.0.0.1.`, and `::1` is zone `:.` on ' +
    'port 1. Only lower-case `dns://`, `tls://`, `quic://`, `grpc://`, `https://`, `https3://` and `unix://` are ' +
    'transports; `DNS://` or `udp://` become part of the zone name. `unix://` keys create no listener. A ' +
    '`tls://` block without the `tls` directive is served unencrypted (plain-HTTP `https://` is deliberate behind ' +
    'a TLS-terminating proxy, so it is not reported). CoreDNS ' +
    'logs a warning for zones outside RFC 1035 preferred syntax (labels of letters, digits and inner hyphens, ' +
    'starting with a letter). To listen on an address, use `bind`.',
  messages: {
    scheme: "'{scheme}' is not a transport CoreDNS knows (they are lower-case dns, tls, quic, grpc, https, https3, unix), so the zone is '{zone}'. Fix the scheme or drop it.",
    ip: "Key '{key}' is read as the zone '{zone}' on port {port}, not as a listen address. To listen on an address use 'bind {ip}'; for a reverse zone use a CIDR such as {cidr}.",
    unix: "'{key}' creates no listener: CoreDNS has no server for unix:// keys, so this block never answers.",
    plaintext:
      "'{key}' is a DNS-over-TLS server without a tls directive: CoreDNS serves it without encryption, so DoT clients cannot talk to it. Add tls CERT KEY (or use dns:// if plain DNS is meant).",
    quic: "'{key}' is a DNS-over-QUIC server without a tls directive: QUIC needs a certificate and the listener fails at start-up. Add tls CERT KEY.",
    strayBrace: "A lone '}' is read as a server-block key: one '}' too many starts a new server block for the zone '{zone}'. Remove it.",
    rfc1035: 'CoreDNS warns at start-up: Domain "{zone}" does not follow RFC1035 preferred syntax. It is served anyway; check the spelling.',
  },
  create(ctx) {
    return {
      CoreBlock(b) {
        for (let ki = 0; ki < b.keys.length; ki++) {
          const k = b.keys[ki]!;
          const a = k.addrs[0];
          if (!a || k.addrs.length > 1) continue;
          if (k.text === '}') {
            ctx.report({ token: k.token, messageId: 'strayBrace', data: { zone: a.zone } });
            continue;
          }
          // Braces glued to a key are no-missing-space-before-brace's.
          if (BRACE.test(k.text)) continue;
          const scheme = SCHEME.exec(k.text);
          if (a.transport === 'dns' && scheme && !k.text.startsWith('dns://')) {
            ctx.report({ token: k.token, messageId: 'scheme', data: { scheme: scheme[0], zone: a.zone } });
            continue;
          }
          const bare = k.text.replace(TRANSPORT, '');
          const host = ipChars(bare) ? bare.replace(/^\[|\](:\d+)?$/g, '').replace(/:\d+$/, '') : undefined;
          const ip = host !== undefined && (parseIP(host) ?? parseIP(bare.replace(/^\[|\]$/g, '')));
          if (host !== undefined && ip) {
            const v4 = !host.includes(':');
            ctx.report({
              token: k.token,
              messageId: 'ip',
              data: { key: k.text, zone: a.zone, port: a.port, ip: v4 ? host : bare.replace(/^\[|\](:\d+)?$/g, ''), cidr: v4 ? '10.0.0.0/24' : '2001:db8::/64' },
            });
            continue;
          }
          if (a.transport === 'unix') {
            ctx.report({ token: k.token, messageId: 'unix', data: { key: k.text } });
            continue;
          }
          if (a.transport === 'tls' && !b.byName.has('tls')) {
            ctx.report({ token: k.token, messageId: 'plaintext', data: { key: k.text } });
            continue;
          }
          if (a.transport === 'quic' && !b.byName.has('tls')) {
            ctx.report({ token: k.token, messageId: 'quic', data: { key: k.text } });
            continue;
          }
          if (!checkZoneSyntax(a.zone)) ctx.report({ token: k.token, messageId: 'rfc1035', data: { zone: a.zone } });
        }
      },
    };
  },
});

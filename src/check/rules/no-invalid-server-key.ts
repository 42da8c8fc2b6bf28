import { listenerKey } from '../../catalog/zones.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-invalid-server-key',
  category: 'correctness',
  severity: 'error',
  scope: 'block',
  description: 'Server-block keys CoreDNS cannot turn into a zone and a port.',
  docs:
    'Each key is `[SCHEME://]ZONE[:PORT]` (or a CIDR for reverse zones). CoreDNS stops with `error inspecting ' +
    'server blocks: …` for a key ending in `:`, an empty label (`a..b`), a leading dot, a label over 63 octets, ' +
    'a zone over 255 octets or an invalid CIDR such as `::/0`, and with `address 99999: invalid port` for a ' +
    'port outside 0–65535. An `https3://` block needs the `tls` directive.',
  messages: {
    inspect: 'error inspecting server blocks: {error}. CoreDNS will not start; fix the key.',
    port: '{error}: {key} asks for port {port}, outside 0-65535. CoreDNS will not start; use a valid port.',
    doh3: 'DoH3 requires TLS, no TLS config found: {key} is served over HTTP/3, which cannot run without certificates. Add a tls directive to this block.',
  },
  create(ctx) {
    // The same few transports, hosts and ports recur in every block: check each combination once.
    const checked = new Map<string, Map<string, Map<string, ReturnType<typeof listenerKey>>>>();
    const listener = (transport: string, host: string, port: string) => {
      let byHost = checked.get(transport);
      if (!byHost) checked.set(transport, (byHost = new Map()));
      let byPort = byHost.get(host);
      if (!byPort) byHost.set(host, (byPort = new Map()));
      let r = byPort.get(port);
      if (!r) byPort.set(port, (r = listenerKey(transport, host, port)));
      return r;
    };
    return {
      CoreBlock(b) {
        for (let ki = 0; ki < b.keys.length; ki++) {
          const k = b.keys[ki]!;
          if (k.error) {
            ctx.report({ token: k.token, messageId: 'inspect', data: { error: k.error } });
            continue;
          }
          const a = k.addrs[0];
          if (!a) continue;
          for (const h of b.listenHosts) {
            const r = listener(a.transport, h, a.port);
            if (!r.ok) {
              ctx.report({ token: k.token, messageId: 'port', data: { error: r.error, key: k.text, port: a.port } });
              break;
            }
          }
          if (a.transport === 'https3' && !b.byName.has('tls')) ctx.report({ token: k.token, messageId: 'doh3', data: { key: k.text } });
        }
      },
    };
  },
});

import type { CoreToken } from '../../ast/read.js';
import { goSplitHostPort } from '../../catalog/zones.js';
import { defineRule } from '../rule.js';

/** HTTP endpoints plugins open, with their default addresses (each plugin's setup.go). */
const ENDPOINTS: Record<string, string> = { health: ':8080', ready: ':8181', prometheus: 'localhost:9153', pprof: 'localhost:6053' };

const ENDPOINT_LIST = Object.entries(ENDPOINTS);

interface Socket {
  transport: string;
  host: string;
  key: string;
  line: number;
}

const WILDCARD = new Set(['', '0.0.0.0', '::', '[::]']);

/** The sockets each server transport opens (core/dnsserver server_*.go). */
const SOCKETS: Record<string, readonly string[]> = { dns: ['tcp', 'udp'], tls: ['tcp'], grpc: ['tcp'], https: ['tcp'], quic: ['udp'], https3: ['udp'] };

const norm = (h: string) => (h === 'localhost' ? '127.0.0.1' : h);

function overlaps(a: string, b: string): boolean {
  return WILDCARD.has(a) || WILDCARD.has(b) || norm(a) === norm(b);
}

export default defineRule({
  id: 'no-listener-collision',
  category: 'suspicious',
  severity: 'warning',
  description: 'Listeners that share a socket: HTTP endpoints with each other or a DNS port, or servers of different transports.',
  docs:
    'health (default :8080), ready (:8181), prometheus (localhost:9153) and pprof (localhost:6053) each open an ' +
    'HTTP listener. The same plugin on the same address in several blocks shares one listener, which is fine. ' +
    'Two different plugins on one address both bind it with SO_REUSEPORT, and the kernel splits the requests ' +
    'between them: a liveness probe then gets 404 at random and the pod is restarted. An endpoint on the port of ' +
    'a DNS server (which also listens on TCP) has the same problem, and so do two server blocks of different ' +
    'transports on one port (`.:853` and `tls://.:853` both take TCP 853). Give each listener its own port.',
  messages: {
    plugins: "{plugin} listens on {addr}, like {other} at line {line}: both bind the address and requests are split between them at random, so probes and scrapes fail intermittently. Give each its own port.",
    dns: '{plugin} listens on {addr}, a port a DNS server of this Corefile also listens on over TCP ({key}): requests are split between them. Use another port.',
    transports:
      "{key} and {other} (line {line}) are servers of different transports on one {proto} port: both bind it with SO_REUSEPORT and the kernel splits connections between them at random, so some clients get the wrong protocol. Give each transport its own port.",
  },
  create(ctx) {
    return {
      Model(m) {
        const seen: Array<{ plugin: string; host: string; port: string; addr: string; token: CoreToken }> = [];
        // (Index loops: this runs once per check, mostly before the optimiser steps in, and for-of
        // allocates an iterator result per element until it does.)
        const dnsPorts = new Map<string, string>();
        for (let i = 0; i < m.blocks.length; i++) {
          const keys = m.blocks[i]!.keys;
          for (let j = 0; j < keys.length; j++) {
            const k = keys[j]!;
            for (let n = 0; n < k.addrs.length; n++) {
              const a = k.addrs[n]!;
              if (a.transport !== 'unix' && !dnsPorts.has(a.port)) dnsPorts.set(a.port, k.text);
            }
          }
        }
        // Servers of different transports that would share a TCP or UDP socket.
        // Per protocol, per port: one entry per transport and host.
        const sockets = new Map<string, Map<string, Socket[]>>();
        const reported = new Set<string>();
        for (let i = 0; i < m.blocks.length; i++) {
          const b = m.blocks[i]!;
          for (let j = 0; j < b.keys.length; j++) {
            const k = b.keys[j]!;
            const a = k.addrs[0];
            const protos = a && SOCKETS[a.transport];
            if (!a || !protos) continue;
            for (let n = 0; n < b.listenHosts.length; n++) {
              const h = b.listenHosts[n]!;
              for (let q = 0; q < protos.length; q++) {
                const proto = protos[q]!;
                let ports = sockets.get(proto);
                if (!ports) sockets.set(proto, (ports = new Map()));
                let list = ports.get(a.port);
                if (!list) ports.set(a.port, (list = []));
                let prev: Socket | undefined;
                let same = false;
                for (const x of list) {
                  if (x.transport === a.transport) same ||= x.host === h;
                  else if (!prev && overlaps(x.host, h)) prev = x;
                }
                if (prev && !reported.has(`${k.token.file}:${k.token.start}`)) {
                  reported.add(`${k.token.file}:${k.token.start}`);
                  ctx.report({ token: k.token, messageId: 'transports', data: { key: k.text, other: prev.key, line: prev.line, proto: proto.toUpperCase() } });
                }
                // One entry per transport and host is enough to find a clash.
                if (!same) list.push({ transport: a.transport, host: h, key: k.text, line: k.token.line });
              }
            }
          }
        }
        for (let i = 0; i < m.blocks.length; i++) {
          const b = m.blocks[i]!;
          for (let e = 0; e < ENDPOINT_LIST.length; e++) {
            const [plugin, def] = ENDPOINT_LIST[e]!;
            for (const d of b.directives) {
              if (d.name !== plugin) continue;
              const addr = d.args[0]?.text ?? def;
              const hp = goSplitHostPort(addr);
              if (!hp.ok) continue;
              const token = d.args[0] ?? d.nameToken;
              const clash = seen.find((s) => s.plugin !== plugin && s.port === hp.port && overlaps(s.host, hp.host));
              if (clash) {
                ctx.report({ token, messageId: 'plugins', data: { plugin, addr, other: `${clash.plugin} (${clash.addr})`, line: clash.token.line } });
              } else if (dnsPorts.has(hp.port)) {
                ctx.report({ token, messageId: 'dns', data: { plugin, addr, key: dnsPorts.get(hp.port)! } });
              }
              seen.push({ plugin, host: hp.host, port: hp.port, addr, token });
            }
          }
        }
      },
    };
  },
});

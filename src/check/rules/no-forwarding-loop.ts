import * as path from 'node:path';
import { classifyUpstream, isLoopback, parseIP, resolvConfNameservers } from '../../catalog/zones.js';
import { defineRule } from '../rule.js';

/** The host (an IPv6 zone dropped) is a loopback address. */
function loopbackHost(host: string): boolean {
  // net.ParseIP takes no leading zeros, so an IPv4 loopback reads 127.…; any IPv6 one has a colon.
  if (!host.startsWith('127.') && !host.includes(':')) return false;
  const zone = host.indexOf('%');
  const ip = parseIP(zone < 0 ? host : host.slice(0, zone));
  return ip !== undefined && isLoopback(ip);
}

export default defineRule({
  id: 'no-forwarding-loop',
  category: 'suspicious',
  severity: 'warning',
  description: 'Forwarding to a loopback resolver, which can be CoreDNS itself, together with `loop`.',
  docs:
    'On hosts with systemd-resolved, /etc/resolv.conf names the stub resolver 127.0.0.53. In a pod with ' +
    '`dnsPolicy: Default`, or when CoreDNS runs on the host, `forward . /etc/resolv.conf` then sends queries ' +
    'to a loopback address: inside the pod that is CoreDNS itself, so queries go round until they time out. ' +
    'With `loop`, CoreDNS detects the loop and exits (`Loop (127.0.0.1:… -> :53) detected for zone "."`), ' +
    'and Kubernetes restarts it forever (CrashLoopBackOff). Fix: forward to real upstream addresses (e.g. ' +
    '`forward . 1.1.1.1 8.8.8.8`), or point the kubelet at the real resolver list with ' +
    '`resolvConf: /run/systemd/resolve/resolv.conf`.',
  messages: {
    self: '{plugin} sends queries to {addr}, the loopback address and port this block serves: that is CoreDNS itself, so every query goes round in a loop{withLoop}. Forward to real upstream addresses instead.',
    loopback:
      "{plugin} sends queries to the loopback address {addr}, with loop on: if the resolver there is, or forwards to, this CoreDNS (inside a pod every loopback address is the pod's own, and systemd-resolved's 127.0.0.53 answers only on the host), loop detects it and CoreDNS exits, and Kubernetes restarts it forever (CrashLoopBackOff). Forward to real upstream addresses instead.",
    fileLoopback:
      '{file} lists the loopback resolver {addr} (systemd-resolved\'s stub is 127.0.0.53): inside a pod that is CoreDNS itself, so {plugin} loops{withLoop}. Forward to real upstream addresses, or set the kubelet\'s resolvConf to /run/systemd/resolve/resolv.conf.',
    resolvConf:
      '{plugin} reads its upstreams from {file}, and loop is on: where that file names systemd-resolved\'s stub 127.0.0.53 (Ubuntu and other systemd hosts), the query comes back to CoreDNS, loop detects it and CoreDNS exits in a restart loop. Make sure the file lists real resolvers (kubelet resolvConf: /run/systemd/resolve/resolv.conf), or forward to explicit addresses.',
  },
  create(ctx) {
    const { model } = ctx;
    // Blocks serving each dns port, computed once: the blocks of a 30k-line file are many.
    let servers: Map<string, Set<number>> | undefined;
    const servedElsewhere = (port: string, self: number) => {
      if (!servers) {
        servers = new Map();
        for (const o of model.blocks)
          for (const a of o.addrs) if (a.transport === 'dns') servers.set(a.port, (servers.get(a.port) ?? new Set()).add(o.index));
      }
      const s = servers.get(port);
      return s !== undefined && (s.size > 1 || !s.has(self));
    };
    return {
      CoreBlock(b) {
        if (!b.byName.has('forward') && !b.byName.has('proxy')) return;
        const loop = b.byName.has('loop');
        let ports: Set<string> | undefined;
        for (let di = 0; di < b.directives.length; di++) {
          const d = b.directives[di]!;
          if (d.name !== 'forward' && d.name !== 'proxy') continue;
          for (let i = 1; i < d.args.length; i++) {
            const arg = d.args[i]!;
            const c = classifyUpstream(arg.text);
            if (!c.ok) continue;
            const u = c.value;
            if (u.kind === 'address') {
              if (!loopbackHost(u.host)) continue;
              ports ??= new Set(b.addrs.filter((a) => a.transport === 'dns').map((a) => a.port));
              if (u.transport === 'dns' && ports.has(u.port)) {
                ctx.report({ token: arg, messageId: 'self', data: { plugin: d.name, addr: arg.text, withLoop: loop ? '; loop detects it and CoreDNS exits, and Kubernetes restarts it forever (CrashLoopBackOff)' : ' until it times out' } });
              } else if (loop && !servedElsewhere(u.port, b.index)) {
                // Forwarding to a port another block of this Corefile serves is deliberate chaining in one process.
                ctx.report({ token: arg, messageId: 'loopback', data: { plugin: d.name, addr: arg.text } });
              }
            } else if (u.kind === 'file') {
              // A relative path names a file shipped with the Corefile (CoreDNS opens it from its working
              // directory; the Corefile's is the best guess). An absolute one such as /etc/resolv.conf is read
              // on the machine CoreDNS runs on, not the one linting, so it is never opened here.
              const read = path.isAbsolute(u.path) ? undefined : model.fs.readFile(path.resolve(path.dirname(model.path), u.path));
              const lo = read && 'text' in read ? resolvConfNameservers(read.text).find(loopbackHost) : undefined;
              if (lo) {
                ctx.report({ token: arg, messageId: 'fileLoopback', data: { file: u.path, addr: lo, plugin: d.name, withLoop: loop ? ', and loop makes CoreDNS exit in a restart loop' : '' } });
              } else if (loop && !(read && 'text' in read)) {
                ctx.report({ token: arg, messageId: 'resolvConf', data: { plugin: d.name, file: u.path }, severity: 'info' });
              }
            }
          }
        }
      },
    };
  },
});

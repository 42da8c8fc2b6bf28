import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { parseArgs } from 'node:util';
import { goSplitHostPort, parseIP } from '../catalog/zones.js';
import { newMsg, type Msg } from '../preview/dns/message.js';
import { RCODE, rcodeName, typeName } from '../preview/dns/rr.js';
import { pack, readHeader, unpackQuery } from '../preview/dns/wire.js';
import type { Engine } from '../preview/engine.js';
import { arrivalOf, buildEngine, engineEnv, pickListener, type PreviewOptions } from '../preview/index.js';
import type { UpstreamMode } from '../preview/types.js';
import { CliError, readInput, type Io } from './io.js';
import { engineOptions, evaluateLive, previewOptions } from './preview.js';

export const usage = `Usage: corefile serve COREFILE [--listen HOST:PORT] [options]

Answer real DNS queries (UDP and TCP) from a draft Corefile, offline, so
'dig @127.0.0.1 -p 1053 NAME' shows what CoreDNS would reply.

Options:
  --listen HOST:PORT    where to listen (default 127.0.0.1:1053)
  --port N              which Corefile listener the traffic counts as arriving on
                        (default: the Corefile's port when it uses only one)
  --quiet               do not log each query
  plus --cluster, --upstream, --upstream-zone, --coredns-ip, --transport as for preview`;

/** Limits that keep the server up under abuse. */
const MAX_TCP_CONNECTIONS = 256;
const TCP_IDLE_MS = 10_000;
const LOG_EVERY_MS = 1000;

export interface ServerHandle {
  udpPort: number;
  tcpPort: number;
  host: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  host: string;
  port: number;
  engine: Engine;
  options: PreviewOptions;
  upstream: UpstreamMode;
  live: boolean;
  log: (line: string) => void;
  quiet?: boolean;
}

/** FORMERR/NOTIMP built from whatever of the header could be read (miekg's reject path). */
function reject(buf: Uint8Array, rcode: number): Uint8Array | undefined {
  const h = readHeader(buf);
  if (!h) return undefined;
  const m = newMsg();
  m.id = h.id;
  m.qr = true;
  m.opcode = h.opcode;
  m.rd = (buf[2] & 1) === 1;
  m.rcode = rcode;
  return pack(m);
}

/** Log at most one line per second per kind, counting the rest. */
function rateLimitedLog(log: (s: string) => void): (kind: string, line: string) => void {
  const state = new Map<string, { last: number; suppressed: number }>();
  return (kind, line) => {
    const now = Date.now();
    const s = state.get(kind) ?? { last: 0, suppressed: 0 };
    if (now - s.last >= LOG_EVERY_MS) {
      log(s.suppressed > 0 ? `${line} (and ${s.suppressed} more like it)` : line);
      s.last = now;
      s.suppressed = 0;
    } else s.suppressed++;
    state.set(kind, s);
  };
}

/**
 * Answer one packet. Returns the reply bytes, or undefined to send nothing
 * (responses, undecodable headers, dropped queries).
 */
export async function answerPacket(buf: Uint8Array, proto: 'udp' | 'tcp', client: { address: string; port: number }, o: ServeOptions, note: (kind: string, line: string) => void): Promise<Uint8Array | undefined> {
  const h = readHeader(buf);
  if (!h) {
    note('short', `dropped a ${buf.length}-byte packet from ${client.address}: shorter than a DNS header`);
    return undefined;
  }
  if (h.qr) return undefined;
  if (h.opcode !== 0 && h.opcode !== 4) return reject(buf, RCODE.NOTIMP);
  if (h.qdcount !== 1 || h.ancount > 1 || h.nscount > 1 || h.arcount > 2) {
    note('formerr', `FORMERR to ${client.address}: ${h.qdcount} questions, ${h.ancount}/${h.nscount}/${h.arcount} records`);
    return reject(buf, RCODE.FORMERR);
  }
  let msg: Msg;
  try {
    msg = unpackQuery(buf);
  } catch (e) {
    note('formerr', `FORMERR to ${client.address}: ${(e as Error).message}`);
    return reject(buf, RCODE.FORMERR);
  }
  const arrival = { ...arrivalOf(o.options), proto, clientIP: client.address.replace(/^::ffff:/, ''), clientPort: client.port, serverIP: o.host };
  const ev = await evaluateLive(o.engine, msg, arrival, o.upstream, o.live);
  const q = msg.question[0];
  let reply = ev.message;
  if (ev.facts.undetermined) {
    // No made-up answer: the client gets SERVFAIL and the log says which plugin would have decided.
    note('undetermined', `${q.name} ${typeName(q.type)}: SERVFAIL, ${ev.facts.undetermined.plugin} cannot be previewed: ${ev.facts.undetermined.reason}`);
    const m = newMsg();
    Object.assign(m, { id: msg.id, qr: true, opcode: msg.opcode, rd: msg.rd, cd: msg.cd, rcode: RCODE.SERVFAIL, question: msg.question });
    reply = m;
  }
  if (!reply) {
    if (!o.quiet) o.log(`${client.address} ${q.name} ${typeName(q.type)}: no reply (${ev.facts.dropped ?? 'dropped'})`);
    return undefined;
  }
  if (!o.quiet) {
    const why = ev.facts.forwarded && !ev.facts.forwarded.answered ? ', forward offline: upstream unavailable' : '';
    o.log(`${client.address} ${proto} ${q.name} ${typeName(q.type)} -> ${rcodeName(reply.rcode)}, ${reply.answer.length} answers${ev.facts.block ? ` (block ${ev.facts.block.index + 1}${why})` : ''}`);
  }
  return pack(reply);
}

/** Start UDP and TCP listeners on host:port (port 0 picks free ports). */
export async function startServer(o: ServeOptions): Promise<ServerHandle> {
  const note = rateLimitedLog(o.log);
  const family = o.host.includes(':') ? 'udp6' : 'udp4';
  // Larger socket buffers ride out bursts (floods, benchmark clients) instead of dropping datagrams.
  const udp = dgram.createSocket({ type: family, recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
  udp.on('error', (e) => note('udp-error', `udp: ${e.message}`));
  udp.on('message', (buf, rinfo) => {
    answerPacket(buf, 'udp', rinfo, o, note)
      .then((out) => {
        if (out) udp.send(out, rinfo.port, rinfo.address, (err) => err && note('send', `udp send to ${rinfo.address}: ${err.message}`));
      })
      .catch((e) => note('internal', `internal error: ${(e as Error).message}`));
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(o.port, o.host, () => {
      udp.off('error', reject);
      resolve();
    });
  });
  const udpPort = udp.address().port;
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((sock) => {
    if (sockets.size >= MAX_TCP_CONNECTIONS) {
      note('tcp-limit', `refused a TCP connection from ${sock.remoteAddress}: ${MAX_TCP_CONNECTIONS} open`);
      sock.destroy();
      return;
    }
    sockets.add(sock);
    sock.setTimeout(TCP_IDLE_MS, () => sock.destroy());
    let buf = Buffer.alloc(0);
    let chain = Promise.resolve();
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (len < 12) {
          note('tcp-frame', `closed TCP connection from ${sock.remoteAddress}: ${len}-byte frame`);
          sock.destroy();
          return;
        }
        if (buf.length < 2 + len) break;
        const frame = Uint8Array.from(buf.subarray(2, 2 + len));
        buf = buf.subarray(2 + len);
        // Replies go out in the order the queries came.
        chain = chain.then(async () => {
          const out = await answerPacket(frame, 'tcp', { address: sock.remoteAddress ?? '', port: sock.remotePort ?? 0 }, o, note).catch(() => undefined);
          if (out && !sock.destroyed) {
            const l = Buffer.alloc(2);
            l.writeUInt16BE(out.length);
            sock.write(Buffer.concat([l, out]));
          }
        });
      }
    });
    sock.on('error', () => sock.destroy());
    sock.on('close', () => sockets.delete(sock));
  });
  tcp.on('error', (e) => note('tcp-error', `tcp: ${e.message}`));
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(o.port === 0 ? udpPort : o.port, o.host, () => {
      tcp.off('error', reject);
      resolve();
    });
  });
  const tcpPort = (tcp.address() as net.AddressInfo).port;
  return {
    udpPort,
    tcpPort,
    host: o.host,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise<void>((r) => udp.close(() => r())), new Promise<void>((r) => tcp.close(() => r()))]);
    },
  };
}

export async function serveCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...previewOptions, listen: { type: 'string' }, quiet: { type: 'boolean' } }, allowPositionals: true });
  if (values.help) {
    io.stdout(usage + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new CliError(`corefile serve: expected one COREFILE\n${usage}`);
  const listen = values.listen ?? '127.0.0.1:1053';
  const hp = goSplitHostPort(listen);
  if (!hp.ok || !parseIP(hp.host) || !/^\d+$/.test(hp.port) || Number(hp.port) > 65535) throw new CliError(`corefile serve: --listen must be IP:PORT, got '${listen}'`);
  const input = await readInput(positionals[0], io);
  const { options, live } = engineOptions(values, io, input.path);
  const engine = buildEngine(input.text, engineEnv(options));
  for (const i of engine.issues) io.stderr(`corefile serve: ${i.severity}: ${i.message}\n`);
  if (engine.listeners.length > 0 && !pickListener(engine, arrivalOf(options))) {
    const ports = [...new Set(engine.listeners.map((l) => `${l.transport}:${l.port}`))].join(', ');
    throw new CliError(`corefile serve: the Corefile listens on ${ports}; choose the listener with --port (and --transport)`);
  }
  if (engine.issues.some((i) => i.severity === 'error')) io.stderr('corefile serve: CoreDNS would not start with this Corefile; serving what can be evaluated\n');
  const log = (s: string) => io.stderr(`${new Date().toISOString()} ${s}\n`);
  let handle: ServerHandle;
  try {
    handle = await startServer({ host: hp.host, port: Number(hp.port), engine, options, upstream: options.upstream!, live, log, quiet: values.quiet });
  } catch (e) {
    throw new CliError(`corefile serve: cannot listen on ${listen}: ${(e as Error).message}`);
  }
  io.stderr(`corefile serve: answering on ${hp.host}:${handle.udpPort} (udp) and ${hp.host}:${handle.tcpPort} (tcp); forward is ${live ? 'live' : options.upstream!.mode}. Ctrl-C stops.\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await handle.close();
  return 0;
}

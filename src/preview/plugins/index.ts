/**
 * The plugin registry: one module per answer-affecting plugin the preview
 * models, the passive plugins (shown in the trace, no effect on answers)
 * and the ones it cannot reproduce (each with the reason). A new plugin is
 * one file in this folder and one line here.
 */
import { T } from '../dns/rr.js';
import type { PluginModule, Request } from '../types.js';
import { any } from './any.js';
import { bufsize } from './bufsize.js';
import { cache } from './cache.js';
import { chaos } from './chaos.js';
import { auto, file } from './file.js';
import { forward } from './forward.js';
import { hosts } from './hosts.js';
import { kubernetes } from './kubernetes.js';
import { loadbalance } from './loadbalance.js';
import { local } from './local.js';
import { minimal } from './minimal.js';
import { nsid } from './nsid.js';
import { secondary } from './secondary.js';
import { PART_TWO } from './part-two.js';
import { whoami } from './whoami.js';

export const PLUGINS: ReadonlyMap<string, PluginModule> = new Map(
  [any, auto, bufsize, cache, chaos, file, forward, hosts, kubernetes, loadbalance, local, minimal, nsid, secondary, whoami, ...PART_TWO].map((p) => [p.name, p]),
);

/** Plugins with no effect on answers, and what they do instead. */
export const PASSIVE: ReadonlyMap<string, string> = new Map([
  ['root', 'sets the directory for relative file paths'],
  ['metadata', 'collects metadata for other plugins (no effect on answers by itself)'],
  ['cancel', 'cancels slow queries after a timeout'],
  ['proxyproto', 'accepts the PROXY protocol header'],
  ['quic', 'DNS-over-QUIC server settings'],
  ['grpc_server', 'gRPC server settings'],
  ['https', 'DNS-over-HTTPS server settings'],
  ['https3', 'DNS-over-HTTP/3 server settings'],
  ['timeouts', 'server read/write/idle timeouts'],
  ['multisocket', 'number of listening sockets'],
  ['reload', 'reloads the Corefile when it changes'],
  ['bind', 'selects the addresses to listen on'],
  ['debug', 'disables panic recovery'],
  ['trace', 'sends traces to a collector'],
  ['ready', 'serves /ready over HTTP'],
  ['health', 'serves /health over HTTP'],
  ['pprof', 'serves profiling data over HTTP'],
  ['prometheus', 'serves metrics over HTTP'],
  ['errors', 'logs errors'],
  ['log', 'logs queries'],
  ['dnstap', 'sends query logs to a dnstap collector'],
  ['tls', 'TLS certificates for tls:// https:// grpc:// quic:// listeners'],
  ['loop', 'start-up self-probe for forwarding loops'],
  ['on', 'runs commands on start-up/shutdown'],
  ['shed', 'drops queries only when the server is overloaded (not the case for a preview)'],
]);

export interface Unmodelled {
  reason: string;
  /** Only these queries are affected; the rest pass (default: every query). */
  applies?: (req: Request) => boolean;
}

const withDO = (req: Request) => req.msg.opt?.do === true;
const transfers = (req: Request) => req.msg.question[0].type === T.AXFR || req.msg.question[0].type === T.IXFR;

/** Plugins the preview cannot reproduce, with the reason given to the user. */
export const UNMODELLED: ReadonlyMap<string, Unmodelled> = new Map<string, Unmodelled>(([
  ['etcd', 'answers come from an etcd server the preview cannot read'],
  ['route53', 'answers come from AWS Route 53'],
  ['clouddns', 'answers come from Google Cloud DNS'],
  ['azure', 'answers come from Azure DNS'],
  ['nomad', 'answers come from a Nomad cluster'],
  ['grpc', 'answers come from a gRPC upstream'],
  ['geoip', 'needs a MaxMind database lookup of the client'],
  ['tsig', 'TSIG signature checks are not modelled'],
  ['dnssec', 'on-the-fly DNSSEC signing (DO=1 replies get RRSIG/NSEC) is not modelled'],
  ['sign', 'signed zones (DO=1 replies get RRSIG/NSEC) are not modelled'],
  ['transfer', 'zone transfers are not modelled'],
  ['rewrite', 'not modelled yet by the preview'],
  ['template', 'not modelled yet by the preview'],
  ['acl', 'not modelled yet by the preview'],
  ['view', 'not modelled yet by the preview'],
  ['header', 'not modelled yet by the preview'],
  ['dns64', 'not modelled yet by the preview'],
  ['k8s_external', 'not modelled yet by the preview'],
  ['erratic', 'not modelled yet by the preview'],
  ['autopath', 'not modelled yet by the preview'],
] as Array<[string, string]>).map(([k, reason]) => [k, { reason, applies: k === 'dnssec' || k === 'sign' ? withDO : k === 'transfer' ? transfers : undefined }]));

import type { CoreToken } from '../ast/read.js';
import type { FileSystem } from '../ast/fs.js';
import type { Msg } from './dns/message.js';
import type { Cluster } from './kubernetes/cluster.js';
import type { Trace } from './trace.js';

/** Where and how a query arrives: the listener and the client. */
export interface Arrival {
  /** Server-block transport of the listener (dns, tls, https, grpc, quic, https3). */
  transport: string;
  /** Listener port; undefined = the Corefile's only port, else 53. */
  port?: number;
  /** Network protocol the reply goes back over (truncation limit, whoami). */
  proto: 'udp' | 'tcp';
  clientIP: string;
  clientPort: number;
  /** The local address the query was received on (`bind` selection, view server_ip()). */
  serverIP: string;
}

/** How `forward` reaches its upstreams. */
export type UpstreamMode =
  /** Never contact anything: the answer is SERVFAIL marked "upstream unavailable". */
  | { mode: 'offline' }
  /** Answer forwarded queries from these records (a zone-file stand-in for the upstream). */
  | { mode: 'stub'; records: import('./dns/rr.js').RR[] }
  /**
   * Exchanges done outside the engine (the CLI does the IO). A query not yet
   * in `answers` is reported in the result's `pending` list; the caller
   * performs it and evaluates again.
   */
  | { mode: 'exchange'; answers: Map<string, Msg | 'timeout'>; redirect?: string };

/** Inputs shared by every query of one configuration. */
export interface EngineEnv {
  fs: FileSystem;
  /** Absolute path of the Corefile (relative plugin paths resolve against its directory, or `root`). */
  corefilePath: string;
  env: (name: string) => string | undefined;
  cluster?: Cluster;
  upstream: UpstreamMode;
  /** Host name for chaos `hostname.bind` / `id.server`. */
  hostname: string;
  /** CoreDNS pod IPs for kubernetes apex NS answers; undefined = derive from the cluster. */
  corednsIPs?: string[];
  /** False to model a kubernetes plugin that has not synced with the API (name errors become SERVFAIL). */
  clusterSynced?: boolean;
  /** SOA serial of kubernetes zones. */
  serial: number;
}

/** A query in flight: the message plus everything plugins may look at. */
export interface Request {
  msg: Msg;
  arrival: Arrival;
  /** 1 = IPv4 client, 2 = IPv6 (request.Family). */
  family: 1 | 2;
  server: ServerRef;
  trace: Trace;
  /** Self-lookup nesting (loop guard). */
  depth: number;
  /** Results of plugin decisions the renderer reports. */
  facts: Facts;
}

export interface Facts {
  /** The server block that took the query, and why. */
  block?: { index: number; keys: string[]; zone: string; why: string };
  forwarded?: ForwardFact;
  undetermined?: { plugin: string; reason: string };
  pending: PendingExchange[];
  approximate: string[];
  dropped?: string;
  /** EDNS0 option codes the server echoes besides the standard ones (request/edns0.go SupportedOption, set by `rewrite edns0 local`). */
  supportedOptions?: Set<number>;
}

export interface ForwardFact {
  plugin: string;
  from: string;
  policy: string;
  /** In the order they would be tried (a set for `random`). */
  upstreams: string[];
  except: string[];
  notes: string[];
  source: 'offline' | 'stub' | 'live';
  answered: boolean;
}

export interface PendingExchange {
  key: string;
  /** `host:port` (dns transport) to send the query to. */
  upstream: string;
  /** The query exactly as forward would send it. */
  query: Msg;
}

/** What a plugin writes to. */
export interface Writer {
  write(m: Msg): void;
}

/** Call the rest of the chain. Returns the rcode protocol value (§1.6). */
export type Next = (req: Request, w: Writer) => number;

/** One plugin instance in a block's chain. */
export interface Handler {
  readonly name: string;
  serve(req: Request, w: Writer, next: Next): number;
}

export interface ServerRef {
  /** Run a query through the same listener and capture the reply (plugin/pkg/upstream). */
  lookup(req: Request, name: string, type: number): Msg | undefined;
}

/** What a plugin's setup receives: its tokens in one block, and the block. */
export interface SetupContext {
  name: string;
  /** Every token of every occurrence, each starting with the directive name. */
  tokens: CoreToken[];
  /** Normalised block keys, e.g. `dns://example.org.:53`. */
  keys: string[];
  /** The block's zones. */
  zones: string[];
  env: EngineEnv;
  /** The `root` directive's path, when the block has one. */
  root?: string;
  /** Every directive of the block with its tokens (plugins that read another's configuration: k8s_external, autopath). */
  directives?: ReadonlyMap<string, CoreToken[]>;
}

export type SetupResult =
  | {
      handlers: Handler[];
      warnings?: string[];
      /** A block filter the server applies before choosing the block (`view`); undefined from it = cannot evaluate. */
      filter?: (req: Request) => boolean | undefined;
    }
  | { error: string };

export interface PluginModule {
  name: string;
  setup(ctx: SetupContext): SetupResult;
}

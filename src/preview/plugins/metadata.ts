/**
 * coredns/coredns:plugin/metadata. In CoreDNS the server collects the values
 * of every metadata provider in the block before the view filter and the
 * chain run; later plugins (template `.Meta`, view `metadata()`, rewrite
 * `edns0 {label}`) read them. The preview models the providers it can
 * compute offline (`view/name`, and the kubernetes plugin's labels for the
 * query name and the client pod); other labels read as empty and the trace
 * says so.
 */
import type { CoreToken } from '../../ast/read.js';
import { norm, splitLabels } from '../dns/names.js';
import type { Msg } from '../dns/message.js';
import type { EngineEnv, PluginModule, Request, SetupContext } from '../types.js';
import { dispenser, origins, zoneOf } from './common.js';

/** What the plugins of one server block share: the metadata zones and the providers' static values. */
interface BlockMeta {
  /** Zones of the block's `metadata` directive; undefined = the block has none (nothing is collected). */
  zones?: string[];
  providers: Map<string, string>;
  /** Providers whose values depend on the request. */
  dynamic: Array<(req: Request) => Array<[string, string]>>;
}

/*
 * Every plugin of a block is set up with the same `keys` array, which makes
 * it a handle on the block without a wider engine interface.
 */
const blocks = new WeakMap<object, BlockMeta>();

export function blockMeta(ctx: SetupContext): BlockMeta {
  let b = blocks.get(ctx.keys);
  if (!b) {
    b = { providers: new Map(), dynamic: [] };
    blocks.set(ctx.keys, b);
  }
  return b;
}

/** Values collected for a request (keyed by the request message, which rewrite edits in place). */
const collected = new WeakMap<Msg, Map<string, string>>();

/** metadata.Collect: only when the block has `metadata` and the name is in its zones. */
export function collect(b: BlockMeta, req: Request): Map<string, string> | undefined {
  if (!b.zones) return undefined;
  const name = norm(req.msg.question[0]?.name ?? '.');
  if (!zoneOf(b.zones, name)) return undefined;
  const values = new Map(b.providers);
  for (const p of b.dynamic) for (const [k, v] of p(req)) values.set(k, v);
  collected.set(req.msg, values);
  return values;
}

const strip = (s: string) => (s.startsWith('_') ? s.slice(1) : s);

/**
 * kubernetes/metadata.go Metadata: the client pod (with `pods verified`) and
 * the parts of a name in the plugin's zones. Multicluster and zonal names
 * are not split (their labels are left out).
 */
function kubernetesProvider(tokens: CoreToken[], keys: string[], env: EngineEnv): (req: Request) => Array<[string, string]> {
  const d = dispenser(tokens);
  let zones: string[] = [];
  let verified = false;
  while (d.next()) {
    zones = origins(d.remainingArgs(), keys);
    while (d.nextBlock()) {
      const opt = d.val();
      const a = d.remainingArgs();
      if (opt === 'pods') verified = a[0] === 'verified';
    }
  }
  return (req) => {
    const out: Array<[string, string]> = [];
    const pod = verified ? env.cluster?.podsByIP.get(req.arrival.clientIP)?.[0] : undefined;
    if (pod) {
      out.push(['kubernetes/client-namespace', pod.namespace], ['kubernetes/client-pod-name', pod.name]);
      for (const [k, v] of Object.entries(pod.labels)) out.push([`kubernetes/client-label/${k}`, v]);
    }
    const name = norm(req.msg.question[0].name);
    const zone = zoneOf(zones, name);
    if (!zone) return out;
    const segs = splitLabels(name.slice(0, name.length - zone.length) || '.');
    const r = { port: '', protocol: '', endpoint: '', service: '', namespace: '', kind: '' };
    let last = segs.length - 1;
    if (last >= 0 && !(segs.length === 1 && (segs[0] === 'svc' || segs[0] === 'pod'))) {
      r.kind = segs[last];
      if (r.kind !== 'svc' && r.kind !== 'pod') return [...out, ['kubernetes/parse-error', 'invalid request']];
      if (--last >= 0) r.namespace = segs[last];
      if (last >= 0 && --last >= 0) r.service = segs[last];
      if (last >= 0 && --last >= 0) {
        if (last === 0) r.endpoint = segs[0];
        else if (last === 1) {
          r.protocol = strip(segs[1]);
          r.port = strip(segs[0]);
        } else return [...out, ['kubernetes/parse-error', 'invalid request']];
      }
    }
    out.push(
      ['kubernetes/port-name', r.port],
      ['kubernetes/protocol', r.protocol],
      ['kubernetes/endpoint', r.endpoint],
      ['kubernetes/service', r.service],
      ['kubernetes/namespace', r.namespace],
      ['kubernetes/kind', r.kind],
    );
    return out;
  };
}

/** metadata.ValueFunc(ctx, label)(): '' when nothing provides it. */
export function metadataValue(req: Request, label: string): string {
  const v = collected.get(req.msg)?.get(label);
  if (v === undefined && req.trace.on) req.trace.step('metadata', 'note', `metadata "${label}" is empty here (not collected, or a provider the preview does not model)`);
  return v ?? '';
}

export const metadata: PluginModule = {
  name: 'metadata',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    d.next();
    const b = blockMeta(ctx);
    b.zones = origins(d.remainingArgs(), ctx.keys);
    const k8s = ctx.directives?.get('kubernetes');
    if (k8s) b.dynamic.push(kubernetesProvider(k8s, ctx.keys, ctx.env));
    return {
      handlers: [
        {
          name: 'metadata',
          serve(req, w, next) {
            // The server collects for the block it tries (server.go ServeDNS); the chosen block's values are the ones that count.
            const got = collect(b, req);
            if (req.trace.on) {
              req.trace.step(
                'metadata',
                got ? 'note' : 'pass',
                got ? `metadata collected: ${[...got].map(([k, v]) => `${k}=${v}`).join(', ') || 'no modelled provider in this block'}` : 'name outside the metadata zones: nothing collected',
              );
            }
            return next(req, w);
          },
        },
      ],
    };
  },
};

import type { SetupValidator } from '../types.js';
import { validate as acl } from './acl.js';
import { validate as any } from './any.js';
import { validate as auto } from './auto.js';
import { validate as autopath } from './autopath.js';
import { validate as azure } from './azure.js';
import { validate as bind } from './bind.js';
import { validate as bufsize } from './bufsize.js';
import { validate as cache } from './cache.js';
import { validate as cancel } from './cancel.js';
import { validate as chaos } from './chaos.js';
import { validate as clouddns } from './clouddns.js';
import { validate as debug } from './debug.js';
import { validate as dns64 } from './dns64.js';
import { validate as dnssec } from './dnssec.js';
import { validate as dnstap } from './dnstap.js';
import { validate as erratic } from './erratic.js';
import { validate as errors } from './errors.js';
import { validate as etcd } from './etcd.js';
import { validate as file } from './file.js';
import { validate as forward } from './forward.js';
import { validate as geoip } from './geoip.js';
import { validate as grpc } from './grpc.js';
import { validate as grpc_server } from './grpc_server.js';
import { validate as header } from './header.js';
import { validate as health } from './health.js';
import { validate as hosts } from './hosts.js';
import { validate as https } from './https.js';
import { validate as https3 } from './https3.js';
import { validate as k8s_external } from './k8s_external.js';
import { validate as kubernetes } from './kubernetes.js';
import { validate as loadbalance } from './loadbalance.js';
import { validate as local } from './local.js';
import { validate as log } from './log.js';
import { validate as loop } from './loop.js';
import { validate as metadata } from './metadata.js';
import { validate as minimal } from './minimal.js';
import { validate as multisocket } from './multisocket.js';
import { validate as nomad } from './nomad.js';
import { validate as nsid } from './nsid.js';
import { validate as on } from './on.js';
import { validate as pprof } from './pprof.js';
import { validate as prometheus } from './prometheus.js';
import { validate as proxyproto } from './proxyproto.js';
import { validate as quic } from './quic.js';
import { validate as ready } from './ready.js';
import { validate as reload } from './reload.js';
import { validate as rewrite } from './rewrite.js';
import { validate as root } from './root.js';
import { validate as route53 } from './route53.js';
import { validate as secondary } from './secondary.js';
import { validate as shed } from './shed.js';
import { validate as sign } from './sign.js';
import { validate as template } from './template.js';
import { validate as timeouts } from './timeouts.js';
import { validate as tls } from './tls.js';
import { validate as trace } from './trace.js';
import { validate as transfer } from './transfer.js';
import { validate as tsig } from './tsig.js';
import { validate as view } from './view.js';
import { validate as whoami } from './whoami.js';

/** Setup validators by directive name, one per plugin (imports in alphabetical order). */
export const SETUP_VALIDATORS: ReadonlyMap<string, SetupValidator> = new Map<string, SetupValidator>([
  ['acl', acl],
  ['any', any],
  ['auto', auto],
  ['autopath', autopath],
  ['azure', azure],
  ['bind', bind],
  ['bufsize', bufsize],
  ['cache', cache],
  ['cancel', cancel],
  ['chaos', chaos],
  ['clouddns', clouddns],
  ['debug', debug],
  ['dns64', dns64],
  ['dnssec', dnssec],
  ['dnstap', dnstap],
  ['erratic', erratic],
  ['errors', errors],
  ['etcd', etcd],
  ['file', file],
  ['forward', forward],
  ['geoip', geoip],
  ['grpc', grpc],
  ['grpc_server', grpc_server],
  ['header', header],
  ['health', health],
  ['hosts', hosts],
  ['https', https],
  ['https3', https3],
  ['k8s_external', k8s_external],
  ['kubernetes', kubernetes],
  ['loadbalance', loadbalance],
  ['local', local],
  ['log', log],
  ['loop', loop],
  ['metadata', metadata],
  ['minimal', minimal],
  ['multisocket', multisocket],
  ['nomad', nomad],
  ['nsid', nsid],
  ['on', on],
  ['pprof', pprof],
  ['prometheus', prometheus],
  ['proxyproto', proxyproto],
  ['quic', quic],
  ['ready', ready],
  ['reload', reload],
  ['rewrite', rewrite],
  ['root', root],
  ['route53', route53],
  ['secondary', secondary],
  ['shed', shed],
  ['sign', sign],
  ['template', template],
  ['timeouts', timeouts],
  ['tls', tls],
  ['trace', trace],
  ['transfer', transfer],
  ['tsig', tsig],
  ['view', view],
  ['whoami', whoami],
]);

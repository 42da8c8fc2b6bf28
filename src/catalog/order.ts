/**
 * CoreDNS 1.14.7 plugin.cfg, in order: the directive names the server type
 * accepts and the order in which plugins run (setup and query handling),
 * whatever the order in the Corefile.
 */
export const PLUGIN_ORDER: readonly string[] = [
  'root', 'metadata', 'geoip', 'cancel', 'proxyproto', 'quic', 'grpc_server', 'https', 'https3', 'timeouts',
  'multisocket', 'reload', 'nsid', 'bufsize', 'bind', 'debug', 'trace', 'ready', 'health', 'pprof', 'shed',
  'prometheus', 'errors', 'log', 'dnstap', 'local', 'dns64', 'any', 'chaos', 'loadbalance', 'tsig', 'rewrite',
  'autopath', 'acl', 'cache', 'header', 'dnssec', 'tls', 'minimal', 'template', 'transfer', 'hosts', 'route53',
  'azure', 'clouddns', 'k8s_external', 'kubernetes', 'file', 'auto', 'secondary', 'etcd', 'loop', 'forward',
  'grpc', 'erratic', 'whoami', 'on', 'sign', 'view', 'nomad',
];

/** 1-based position of a directive in plugin.cfg, or undefined for an unknown name. */
export function pluginPosition(name: string): number | undefined {
  const i = PLUGIN_ORDER.indexOf(name);
  return i < 0 ? undefined : i + 1;
}

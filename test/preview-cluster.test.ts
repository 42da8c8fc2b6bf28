import { describe, expect, it } from 'vitest';
import { loadCluster, parseSelector, selects } from '../src/preview/kubernetes/cluster.js';

const YAML = `apiVersion: v1
kind: ServiceList
items:
- apiVersion: v1
  kind: Service
  metadata: {name: web, namespace: prod, labels: {tier: front}}
  spec: {clusterIP: 10.0.0.5, ports: [{name: http, port: 80, protocol: TCP}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: prod, labels: {kubernetes.io/service-name: web}}
endpoints:
- addresses: [10.1.0.1]
- addresses: [10.1.0.2]
  conditions: {ready: false}
- addresses: [10.1.0.3]
  conditions: {ready: true, serving: false}
ports: null
---
apiVersion: v1
kind: Pod
metadata: {name: old, namespace: prod}
status: {phase: Succeeded, podIP: 10.1.0.9}
---
apiVersion: v1
kind: Namespace
metadata: {name: empty, labels: {team: a}}
`;

describe('cluster YAML', () => {
  const c = loadCluster(YAML);
  it('reads Lists and several documents', () => {
    expect(c.warnings).toEqual([]);
    expect(c.counts).toMatchObject({ Service: 1, EndpointSlice: 1, Pod: 1, Namespace: 1 });
    expect(c.services.get('web.prod')?.[0]).toMatchObject({ clusterIPs: ['10.0.0.5'], headless: false, type: 'ClusterIP' });
  });
  it('keeps ready endpoints (absent readiness counts as ready) and the no-port sentinel', () => {
    const eps = c.endpoints.get('web.prod')![0];
    expect(eps.addresses.map((a) => a.ip)).toEqual(['10.1.0.1', '10.1.0.3']);
    expect(eps.ports).toEqual([{ name: '', port: -1, protocol: '' }]);
  });
  it('leaves out finished pods; namespaces referenced by objects are implied', () => {
    expect(c.podsByIP.get('10.1.0.9')).toBeUndefined();
    expect(c.namespaces.get('prod')).toMatchObject({ implied: true });
    expect(c.namespaces.get('empty')).toMatchObject({ implied: false, labels: { team: 'a' } });
  });
  it('label selectors', () => {
    const s = parseSelector('tier in (front,back),!legacy,env!=dev');
    expect(selects(s, { tier: 'front' })).toBe(true);
    expect(selects(s, { tier: 'front', legacy: 'y' })).toBe(false);
    expect(selects(s, { tier: 'front', env: 'dev' })).toBe(false);
    expect(selects(s, { tier: 'mid' })).toBe(false);
    expect(parseSelector('a b c')).toBeUndefined();
  });
  it('bad YAML is a warning, not an exception', () => {
    expect(loadCluster('items: [unclosed').warnings.length).toBeGreaterThan(0);
  });
});

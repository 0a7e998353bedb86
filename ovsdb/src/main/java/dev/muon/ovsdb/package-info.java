/**
 * OVSDB (RFC 7047) for Muon: the passive manager ({@link dev.muon.ovsdb.OvsdbServer}, nodes
 * connect after {@code ovs-vsctl set-manager}) and the active one ({@link dev.muon.ovsdb.OvsdbClient}).
 *
 * <p>The passive manager speaks plain TCP, or whatever {@code OvsdbServer.tls(...)} puts first in
 * each connection (the controller's TLS with client certificates); a node shows its TLS session
 * ({@code OvsdbNode.tlsSession()}) for the controller to check who it is.
 *
 * <p>Each connection ({@link dev.muon.ovsdb.OvsdbNode}) monitors Open_vSwitch, Bridge, Port,
 * Interface and Controller into a cache, reports the node as a
 * {@link dev.muon.pipeline.node.NodeState}, and applies a
 * {@link dev.muon.pipeline.compile.DesiredState} as one transaction of what differs.
 * Wire format and notation come from ONOS's {@code onos-protocols-ovsdb-rfc}; framing,
 * session, cache and diff are here.
 *
 * <p>Ownership: Muon changes only the bridges a desired state names and, on them, the ports
 * it names or that carry {@code external_ids:muon-owned=true} (set on every port and bridge
 * Muon creates). VIF ports are only ever given a {@code tag}. Keys of other_config and
 * external_ids that Muon does not set are left alone.
 */
package dev.muon.ovsdb;

/**
 * The OpenFlow driver: Muon's only way of talking OpenFlow to Open vSwitch.
 *
 * <p>Public: {@link dev.muon.ofdriver.OpenFlowServer} (the listener),
 * {@link dev.muon.ofdriver.SwitchListener} (what the controller hears),
 * {@link dev.muon.ofdriver.OpenFlowSwitch} (what it can do to one bridge),
 * {@link dev.muon.ofdriver.PacketIn}, {@link dev.muon.ofdriver.OpenFlowPorts} and the two
 * exceptions a request can fail with.
 *
 * <p>Transport: plain TCP, or whatever {@code OpenFlowServer.tls(...)} puts first in each
 * connection (the controller's TLS with client certificates); a switch shows its TLS session
 * ({@code OpenFlowSwitch.tlsSession()}), and {@code SwitchListener.admit} decides, before a switch
 * takes its datapath id, whether it may.
 *
 * <p>Inside, by concern:
 * <ul>
 * <li>connection: {@code SwitchChannelHandler} (handshake, keep-alive, routing),
 *     {@code VersionNegotiation}, {@code OpenFlowDecoder}/{@code OpenFlowEncoder},
 *     {@code SwitchConnection} (the switch object);</li>
 * <li>requests: {@code PendingRequests} (xid ranges), {@code BundleTransaction} (1.4),
 *     {@code BarrierTransaction} (1.3), {@code FlowStatsCollector}, {@code MessageBatch};</li>
 * <li>conversion: {@code FlowModEncoder}, {@code MatchConverter} and {@code ActionConverter}
 *     (loops over the field catalogue: {@code NxmHeaders}, {@code Oxm}), {@code NiciraActions}
 *     (the Nicira actions Loxi lacks), {@code WireMatch}/{@code RawAction} (Muon's own
 *     encodings inside Loxi messages), {@code FlowStatsParser}, {@code PacketInParser},
 *     {@code ErrorDecoder}, and {@code RawMatch} for flows Muon cannot represent.</li>
 * </ul>
 *
 * <p>The invariant everything serves: a {@code Flow} applied and read back by
 * {@code dumpFlows()} is {@code equals()} to the original, and anything else read back
 * equals nothing Muon computes, so the reconciler converges.
 */
package dev.muon.ofdriver;

package dev.muon.controller.l3;

import dev.muon.controller.RecordingSwitch;
import static dev.muon.controller.l3.IcmpWorld.A1_MAC;
import static dev.muon.controller.l3.IcmpWorld.A1_OFPORT;
import static dev.muon.controller.l3.IcmpWorld.QR_A;
import static dev.muon.controller.l3.IcmpWorld.echoFromA1;
import static dev.muon.controller.l3.IcmpWorld.packetIn;
import static dev.muon.controller.l3.IcmpWorld.routedToNetB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.ofdriver.OpenFlowPorts;
import dev.muon.ofdriver.PacketIn;
import dev.muon.ofdriver.PacketIn.Reason;
import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.model.DeviceOwner;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Data;
import org.onlab.packet.ICMP;
import org.onlab.packet.IPv4;
import org.onlab.packet.UDP;

/**
 * Routing's ICMP errors from packet-in bytes to packet-out bytes: Time Exceeded, net
 * unreachable and fragmentation-needed from the right interface with the offending header
 * quoted and valid checksums, the packets never answered, and the per-node rate limit.
 */
class RouterIcmpResponderTest {
    private static final int ROUTE = 77;
    private static final int NEIGHBOR = 80;
    private final IcmpWorld world = new IcmpWorld();

    @Test
    void anExpiringEchoGetsTimeExceededFromTheGatewayItWasSentTo() {
        byte[] frame = echoFromA1(1, false, 60);
        RecordingSwitch.PacketOut out = only(send(packetIn(Reason.INVALID_TTL, ROUTE, frame)));

        assertEquals(OpenFlowPorts.CONTROLLER, out.inPort());
        assertEquals(List.of(Action.output(A1_OFPORT)), out.actions(), "back out of the VIF it came in on");
        Reply r = new Reply(out.data());
        r.assertFrom(QR_A, "10.0.0.1", "the interface's address on a1's subnet, not its first (10.2.0.1)");
        r.assertTo(A1_MAC, IcmpWorld.A1_IP);
        assertEquals(11, r.type);
        assertEquals(0, r.code);
        assertEquals(0, r.restOfHeader);
        assertArrayEquals(Arrays.copyOfRange(frame, 14, frame.length), r.quote, "the whole offending packet, TTL 1");
    }

    @Test
    void aTtlOfZeroIsAnsweredToo() {
        Reply r = new Reply(only(send(packetIn(Reason.INVALID_TTL, ROUTE, echoFromA1(0, false, 60)))).data());
        assertEquals(11, r.type);
        assertEquals(0, r.quote[8], "quoted as received");
    }

    @Test
    void noRouteGetsNetUnreachable() {
        byte[] frame = echoFromA1(64, false, 84);
        Reply r = new Reply(only(send(packetIn(Reason.ACTION, ROUTE, frame))).data());
        r.assertFrom(QR_A, "10.0.0.1", "");
        r.assertTo(A1_MAC, IcmpWorld.A1_IP);
        assertEquals(3, r.type);
        assertEquals(0, r.code);
        assertArrayEquals(Arrays.copyOfRange(frame, 14, frame.length), r.quote);
    }

    @Test
    void tooBigWithDontFragmentGetsFragNeededWithTheEgressMtuAndTheHeaderAsItArrived() {
        byte[] sent = echoFromA1(64, true, 1500);
        Reply r = new Reply(only(send(packetIn(Reason.ACTION, NEIGHBOR, routedToNetB(sent)))).data());
        r.assertFrom(QR_A, "10.0.0.1", "from the ingress interface, not the egress qrB");
        r.assertTo(A1_MAC, IcmpWorld.A1_IP);
        assertEquals(3, r.type);
        assertEquals(4, r.code);
        assertEquals(1450, r.restOfHeader, "next-hop MTU: netB's");
        assertEquals(576, r.ipLength, "RFC 1812: as much as fits in 576 bytes");
        assertArrayEquals(Arrays.copyOfRange(sent, 14, 14 + 548), r.quote,
                "the packet as a1 sent it: TTL 64 and its own checksum, not the routed TTL 63");
    }

    @Test
    void tooBigWithoutDontFragmentIsDroppedSilently() {
        assertEquals(List.of(), send(packetIn(Reason.ACTION, NEIGHBOR, routedToNetB(echoFromA1(64, false, 1500)))));
    }

    @Test
    void neverAnErrorAboutAnError() {
        byte[] expired = echoFromA1(1, false, 60);
        ICMP timeExceeded = new ICMP().setIcmpType((byte) 11).setIcmpCode((byte) 0);
        timeExceeded.setPayload(new Data(ByteBuffer.allocate(4 + 46).putInt(0).put(expired, 14, 46).array()));
        byte[] error = IcmpWorld.frame(A1_MAC, QR_A, IcmpWorld.A1_IP, "10.1.0.11", 1, 0, (short) 0,
                IPv4.PROTOCOL_ICMP, timeExceeded);
        assertEquals(List.of(), send(packetIn(Reason.INVALID_TTL, ROUTE, error)));
        assertEquals(List.of(), send(packetIn(Reason.ACTION, ROUTE, error)));
    }

    @Test
    void neverAboutALaterFragmentOrFromANonHostSource() {
        UDP udp = new UDP().setSourcePort(5000).setDestinationPort(5001);
        udp.setPayload(new Data(new byte[32]));
        assertEquals(List.of(), send(packetIn(Reason.INVALID_TTL, ROUTE, IcmpWorld.frame(A1_MAC, QR_A, IcmpWorld.A1_IP,
                "10.1.0.11", 1, 0, (short) 185, IPv4.PROTOCOL_UDP, udp))), "fragment offset 1480");
        assertEquals(1, send(packetIn(Reason.INVALID_TTL, ROUTE, IcmpWorld.frame(A1_MAC, QR_A, IcmpWorld.A1_IP,
                "10.1.0.11", 1, 1, (short) 0, IPv4.PROTOCOL_UDP, udp))).size(), "the first fragment (MF) is answered");
        for (String src : List.of("0.0.0.0", "255.255.255.255", "224.0.0.5", "127.0.0.1")) {
            assertEquals(List.of(), send(packetIn(Reason.INVALID_TTL, ROUTE, IcmpWorld.frame(A1_MAC, QR_A, src,
                    "10.1.0.11", 1, 0, (short) 0, IPv4.PROTOCOL_UDP, udp))), src);
        }
        assertEquals(List.of(), send(packetIn(Reason.INVALID_TTL, ROUTE, IcmpWorld.frame(A1_MAC, QR_A, IcmpWorld.A1_IP,
                "239.1.1.1", 1, 0, (short) 0, IPv4.PROTOCOL_UDP, udp))), "to a multicast group");
        assertEquals(List.of(), send(packetIn(Reason.INVALID_TTL, ROUTE, IcmpWorld.frame(A1_MAC, "ff:ff:ff:ff:ff:ff",
                IcmpWorld.A1_IP, "10.1.0.11", 1, 0, (short) 0, IPv4.PROTOCOL_UDP, udp))), "link-layer broadcast");
    }

    @Test
    void answersOnlyForAKnownSenderAndARouterInterfaceOnItsNetwork() {
        byte[] frame = echoFromA1(1, false, 60);
        assertEquals(List.of(), send(new PacketIn(42, Reason.INVALID_TTL, ROUTE, 0, frame)), "no VIF on ofport 42");
        byte[] toB = frame.clone();
        System.arraycopy(org.onlab.packet.MacAddress.valueOf(IcmpWorld.QR_B).toBytes(), 0, toB, 0, 6);
        assertEquals(List.of(), send(packetIn(Reason.INVALID_TTL, ROUTE, toB)), "qrB is not on a1's network");
        world.ports.replaceAll(p -> p.id().equals("qrA") ? p.withDevice("r1", DeviceOwner.DHCP) : p);
        assertEquals(List.of(), send(packetIn(Reason.INVALID_TTL, ROUTE, frame)), "not a router interface");
    }

    @Test
    void onlyRoutingsTablesAreClaimedAndOnlyTheirContractedReasonsAnswered() {
        RouterIcmpResponder responder = world.responder();
        byte[] frame = echoFromA1(1, false, 60);
        assertFalse(responder.packetIn(world.brInt, packetIn(Reason.ACTION, 0, frame)), "table 0 (DHCP) is not routing's");
        assertTrue(responder.packetIn(world.brInt, packetIn(Reason.NO_MATCH, ROUTE, frame)));
        assertTrue(responder.packetIn(world.brInt, packetIn(Reason.INVALID_TTL, NEIGHBOR, frame)));
        assertEquals(List.of(), world.brInt.sent, "a miss in 77 or an invalid TTL in 80 asks for nothing");
        assertTrue(responder.packetIn(world.brInt, packetIn(Reason.PACKET_OUT, ROUTE, echoFromA1(64, false, 60))));
        assertEquals(3, new Reply(only(world.brInt.sent).data()).type, "1.4's refinements of action count as action");
    }

    @Test
    void theTokenBucketDropsBeyondItsBurstAndRefillsAtItsRate() {
        RouterIcmpResponder responder = world.responder();
        byte[] frame = echoFromA1(1, false, 60);
        for (int i = 0; i < 80; i++) {
            assertTrue(responder.packetIn(world.brInt, packetIn(Reason.INVALID_TTL, ROUTE, frame)));
        }
        assertEquals(50, world.brInt.sent.size(), "the burst, then nothing");
        assertFalse(responder.packetIn(world.brInt, packetIn(Reason.ACTION, 0, new byte[0])),
                "DHCP's packet-ins are not routing's and take no token");
        world.now += 100_000_000L;   // 100 ms at 100/s
        for (int i = 0; i < 80; i++) {
            responder.packetIn(world.brInt, packetIn(Reason.INVALID_TTL, ROUTE, frame));
        }
        assertEquals(60, world.brInt.sent.size(), "10 more tokens");
    }

    @Test
    void dropsCostNoParsing() {
        RouterIcmpResponder responder = new RouterIcmpResponder(() -> {
            throw new AssertionError("the model was read for a dropped packet-in");
        }, world::nodes, new RouterIcmpConfig(1, 1), () -> world.now);
        byte[] garbage = {1, 2, 3};
        responder.packetIn(world.brInt, packetIn(Reason.INVALID_TTL, ROUTE, garbage));   // takes the only token
        responder.packetIn(world.brInt, packetIn(Reason.INVALID_TTL, ROUTE, echoFromA1(1, false, 60)));
        assertEquals(List.of(), world.brInt.sent);
    }

    private List<RecordingSwitch.PacketOut> send(PacketIn packetIn) {
        world.brInt.sent.clear();
        world.responder().packetIn(world.brInt, packetIn);
        return List.copyOf(world.brInt.sent);
    }

    private static RecordingSwitch.PacketOut only(List<RecordingSwitch.PacketOut> out) {
        assertEquals(1, out.size(), "exactly one packet-out");
        return out.get(0);
    }

    /** An ICMP error frame read byte by byte, its checksums verified. */
    static final class Reply {
        final byte[] frame;
        final int ipLength;
        final int type;
        final int code;
        final int restOfHeader;
        final byte[] quote;

        Reply(byte[] frame) {
            this.frame = frame;
            assertEquals(0x0800, u16(12), "IPv4, untagged");
            assertEquals(0x45, frame[14] & 0xff);
            ipLength = u16(16);
            assertEquals(frame.length - 14, ipLength);
            assertEquals(64, frame[22] & 0xff, "TTL");
            assertEquals(1, frame[23], "ICMP");
            assertEquals(0, OffendingPacket.checksum(Arrays.copyOfRange(frame, 14, 34), 20), "IP header checksum");
            byte[] icmp = Arrays.copyOfRange(frame, 34, frame.length);
            assertEquals(0, OffendingPacket.checksum(icmp, icmp.length), "ICMP checksum");
            type = icmp[0] & 0xff;
            code = icmp[1] & 0xff;
            restOfHeader = ByteBuffer.wrap(icmp, 4, 4).getInt();
            quote = Arrays.copyOfRange(icmp, 8, icmp.length);
        }

        void assertFrom(String mac, String ip, String why) {
            assertEquals(org.onlab.packet.MacAddress.valueOf(mac), org.onlab.packet.MacAddress.valueOf(
                    Arrays.copyOfRange(frame, 6, 12)), why);
            assertEquals(ip, org.onlab.packet.Ip4Address.valueOf(Arrays.copyOfRange(frame, 26, 30)).toString(), why);
        }

        void assertTo(String mac, String ip) {
            assertEquals(org.onlab.packet.MacAddress.valueOf(mac), org.onlab.packet.MacAddress.valueOf(
                    Arrays.copyOfRange(frame, 0, 6)));
            assertEquals(ip, org.onlab.packet.Ip4Address.valueOf(Arrays.copyOfRange(frame, 30, 34)).toString());
        }

        private int u16(int at) {
            return (frame[at] & 0xff) << 8 | (frame[at + 1] & 0xff);
        }
    }
}

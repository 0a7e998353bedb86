package dev.muon.controller.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.controller.RecordingSwitch;
import dev.muon.ofdriver.PacketIn;
import dev.muon.pipeline.model.ExtraDhcpOpt;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.Port;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;

/**
 * A port's extra_dhcp_opts in its DHCP replies: dnsmasq's names and codes, each type's encoding,
 * an extra option in place of the server's own of that code, blank ones sending none,
 * server-ip-address as siaddr; and dns_name / dns_domain as options 12 and 15.
 */
class ExtraOptionsTest {
    private final DhcpWorld world = new DhcpWorld();

    private static String hex(OptionType type, String value) {
        return HexFormat.of().formatHex(type.encode(value));
    }

    @Test
    void namesAreDnsmasqsOrCodesAndEachTypeIsEncodedAsDnsmasqWouldSendIt() {
        assertEquals(67, OptionCatalog.find("bootfile-name").orElseThrow().code());
        assertEquals(67, OptionCatalog.find("bootfile_name").orElseThrow().code());
        assertEquals(67, OptionCatalog.find("option:bootfile-name").orElseThrow().code());
        assertEquals(OptionType.TEXT, OptionCatalog.find("67").orElseThrow().type(), "a known code has its type");
        assertEquals(OptionType.GUESSED, OptionCatalog.find("224").orElseThrow().type());
        assertTrue(OptionCatalog.find("no-such-option").isEmpty());
        assertTrue(OptionCatalog.find("0").isEmpty());

        assertEquals("c0000201c0000202", hex(OptionType.ADDRESSES, "192.0.2.1, 192.0.2.2"));
        assertEquals("05dc", hex(OptionType.UINT16, "1500"));
        assertEquals("00015180", hex(OptionType.UINT32, "86400"));
        assertEquals("7078656c696e75782e30", hex(OptionType.TEXT, "pxelinux.0"));
        // RFC 3442's encoding: 169.254.169.254/32 via 10.0.0.1, 0.0.0.0/0 via 10.0.0.1
        assertEquals("20a9fea9fe0a000001" + "000a000001",
                hex(OptionType.CLASSLESS_ROUTES, "169.254.169.254/32,10.0.0.1,0.0.0.0/0,10.0.0.1"));
        // RFC 3397's example labels, uncompressed
        assertEquals("03656e6703657863036f726700" + "036d6b7403657863036f726700",
                hex(OptionType.DOMAIN_LIST, "eng.exc.org,mkt.exc.org"));
        assertEquals("0102ff", hex(OptionType.GUESSED, "01:02:ff"));
        assertEquals("2a", hex(OptionType.GUESSED, "42"));
        assertEquals("1f40", hex(OptionType.GUESSED, "8000"));
        assertEquals("c0000201", hex(OptionType.GUESSED, "192.0.2.1"));
        assertEquals("6869", hex(OptionType.GUESSED, "hi"));

        assertThrows(IllegalArgumentException.class, () -> OptionType.ADDRESSES.encode("router.example"));
        assertThrows(IllegalArgumentException.class, () -> OptionType.UINT16.encode("70000"));
        assertThrows(IllegalArgumentException.class, () -> OptionType.ADDRESS.encode("192.0.2.1,192.0.2.2"));
        assertThrows(IllegalArgumentException.class, () -> OptionType.CLASSLESS_ROUTES.encode("10.0.0.0/8"));
    }

    @Test
    void extraOptionsReplaceTheServersOwnAndAddTheRestToOfferAndAck() throws Exception {
        usePort(List.of(
                new ExtraDhcpOpt("bootfile-name", "pxelinux.0", 4),
                new ExtraDhcpOpt("tftp-server", "192.0.2.69", 4),
                new ExtraDhcpOpt("server-ip-address", "192.0.2.45", 4),
                new ExtraDhcpOpt("dns-server", "198.51.100.53,198.51.100.54", 4),
                new ExtraDhcpOpt("mtu", "1400", 4),
                new ExtraDhcpOpt("42", "192.0.2.123", 4),
                new ExtraDhcpOpt("router", "", 4),
                new ExtraDhcpOpt("tftp-server", "2001:db8::69", 6),
                new ExtraDhcpOpt("ntp-server", "not-an-address", 4),
                new ExtraDhcpOpt("no-such-option", "x", 4),
                new ExtraDhcpOpt("tag:ipxe,67", "boot.ipxe", 4)), "", "");
        for (byte[] frame : List.of(ClientFrames.UDHCPC_DISCOVER, ClientFrames.UDHCPC_REQUEST)) {
            Reply r = only(frame);
            assertEquals("pxelinux.0", r.textOption(67));
            assertEquals("192.0.2.69", r.textOption(66), "tftp-server is text, even when an address");
            assertEquals("192.0.2.45", Ip4Address.valueOf(r.dhcp.getServerIPAddress()).toString(), "siaddr");
            assertFalse(r.options.containsKey(255), "server-ip-address is no option");
            assertEquals("c6336435c6336436", HexFormat.of().formatHex(r.options.get(6)), "replaces the subnet's DNS");
            assertEquals(1400, r.u16Option(26), "replaces the network's MTU");
            assertEquals("192.0.2.123", r.ipOption(42), "ntp-server by code");
            assertFalse(r.options.containsKey(3), "a blank router sends none");
            assertEquals("10.0.0.10", r.yiaddr(), "the lease itself is untouched");
            assertEquals(1, r.options.keySet().stream().filter(c -> c == 26).count());
        }
    }

    @Test
    void optionsBeyondWhatOneFrameCarriesAreLeftOutAndTheReplyStillGoes() throws Exception {
        List<ExtraDhcpOpt> big = new ArrayList<>();
        for (int code = 224; code < 232; code++) {
            big.add(new ExtraDhcpOpt(Integer.toString(code), "x".repeat(250), 4));   // 8 x 252 bytes
        }
        usePort(big, "", "");
        Reply r = only(ClientFrames.UDHCPC_DISCOVER);
        long served = r.options.keySet().stream().filter(c -> c >= 224 && c < 232).count();
        assertEquals(ExtraOptions.BUDGET / 252, served, "as many as fit the budget, in the order given");
        assertTrue(r.options.containsKey(224) && !r.options.containsKey(231));
        assertEquals("10.0.0.10", r.yiaddr());
    }

    @Test
    void withoutExtraOptionsThereIsNoNextServer() throws Exception {
        assertEquals(0, only(ClientFrames.UDHCPC_DISCOVER).dhcp.getServerIPAddress());
    }

    @Test
    void dnsNameIsTheHostnameAndTheNearestDnsDomainTheDomain() throws Exception {
        usePort(List.of(), "web1", "");
        Reply r = only(ClientFrames.UDHCPC_DISCOVER);
        assertEquals("web1", r.textOption(12));
        assertEquals("openstacklocal", r.textOption(15), "the configured domain when none is named");

        Network n = world.network;
        world.network = new Network(n.id(), n.name(), n.description(), n.projectId(), n.adminStateUp(), n.shared(),
                n.external(), n.networkType(), n.physicalNetwork(), n.segmentationId(), n.mtu(), n.status(),
                n.createdAt(), n.updatedAt(), n.revisionNumber(), n.isDefault(), n.portSecurityEnabled(), n.tags(),
                "example.org.", n.availabilityZoneHints());
        assertEquals("example.org", only(ClientFrames.UDHCPC_DISCOVER).textOption(15), "the network's");
        usePort(List.of(), "web1", "port.example.");
        assertEquals("port.example", only(ClientFrames.UDHCPC_DISCOVER).textOption(15), "the port's own");
        usePort(List.of(), "db.tier2.example.net.", "");
        r = only(ClientFrames.UDHCPC_DISCOVER);
        assertEquals("db", r.textOption(12));
        assertEquals("tier2.example.net", r.textOption(15), "an FQDN dns_name carries its domain");
    }

    private void usePort(List<ExtraDhcpOpt> opts, String dnsName, String dnsDomain) {
        Port p = DhcpWorld.port("vm1", DhcpWorld.MAC, "10.0.0.10", true);
        world.ports.set(0, new Port(p.id(), p.name(), p.description(), p.projectId(), p.networkId(), p.macAddress(),
                p.fixedIps(), p.adminStateUp(), p.status(), p.deviceId(), p.deviceOwner(), p.bindingHostId(),
                p.portSecurityEnabled(), p.allowedAddressPairs(), p.createdAt(), p.updatedAt(), p.revisionNumber(),
                p.securityGroups(), p.bindingProfile(), p.tags(), p.hostRequested(), opts, dnsName, dnsDomain));
    }

    private Reply only(byte[] frame) throws Exception {
        world.brInt.sent.clear();
        world.responder().packetIn(world.brInt,
                new PacketIn(DhcpWorld.OFPORT, PacketIn.Reason.ACTION, 0, 0x4d75030000000000L, frame));
        List<RecordingSwitch.PacketOut> out = List.copyOf(world.brInt.sent);
        assertEquals(1, out.size(), "exactly one reply");
        return new Reply(out.get(0).data());
    }
}

package dev.muon.controller.dhcp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.onlab.packet.DHCP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.UDP;
import org.onlab.packet.dhcp.DhcpOption;

/** DHCP client frames: two captured from busybox udhcpc 1.35, and a builder for the other cases. */
final class ClientFrames {
    /** udhcpc's DHCPDISCOVER (xid 0x138a8608, MAC fa:16:3e:0d:76:df, hostname vm1, asks for 1 3 6 12 15 26 28 42 121). */
    static final byte[] UDHCPC_DISCOVER = HexFormat.of().parseHex(
            "fffffffffffffa163e0d76df08004500014800000000401179a600000000ffffffff004400430134309401010600138a8608"
            + "0000000000000000000000000000000000000000fa163e0d76df" + "00".repeat(202)
            + "638253633501013902024037090103060c0f1a1c2a790c03766d313c0c756468637020312e33352e303d0701fa163e0d76df"
            + "ff00000000000000000000000000");
    /** udhcpc's DHCPREQUEST (SELECTING) for 10.0.0.10 from server 10.0.0.1, same transaction. */
    static final byte[] UDHCPC_REQUEST = HexFormat.of().parseHex(
            "fffffffffffffa163e0d76df08004500014800000000401179a600000000ffffffff0044004301341b1801010600138a8608"
            + "0000000000000000000000000000000000000000fa163e0d76df" + "00".repeat(202)
            + "6382536335010332040a00000a36040a0000013902024037090103060c0f1a1c2a790c03766d313c0c75646863702031"
            + "2e33352e303d0701fa163e0d76dfff00");
    static final int XID = 0x138a8608;

    private final DHCP.MsgType type;
    private String mac = DhcpWorld.MAC;
    private Ip4Address ciaddr = Ip4Address.ZERO;
    private short flags;
    private final List<DhcpOption> options = new ArrayList<>();

    private ClientFrames(DHCP.MsgType type) {
        this.type = type;
    }

    static ClientFrames of(DHCP.MsgType type) {
        return new ClientFrames(type);
    }

    ClientFrames mac(String m) {
        mac = m;
        return this;
    }

    ClientFrames ciaddr(String a) {
        ciaddr = Ip4Address.valueOf(a);
        return this;
    }

    ClientFrames broadcastFlag() {
        flags = (short) 0x8000;
        return this;
    }

    ClientFrames requested(String a) {
        return option(50, Ip4Address.valueOf(a).toOctets());
    }

    ClientFrames serverId(String a) {
        return option(54, Ip4Address.valueOf(a).toOctets());
    }

    ClientFrames option(int code, byte[] data) {
        options.add(new DhcpOption().setCode((byte) code).setLength((byte) data.length).setData(data));
        return this;
    }

    /** The frame as a client sends it: from ciaddr (unicast to the server) or from 0.0.0.0 (broadcast). */
    byte[] frame() {
        List<DhcpOption> all = new ArrayList<>();
        all.add(new DhcpOption().setCode((byte) 53).setLength((byte) 1).setData(new byte[] {(byte) type.getValue()}));
        all.addAll(options);
        all.add(new DhcpOption().setCode((byte) 255));
        DHCP dhcp = new DHCP().setOpCode(DHCP.OPCODE_REQUEST).setHardwareType(DHCP.HWTYPE_ETHERNET)
                .setHardwareAddressLength((byte) 6).setTransactionId(XID).setFlags(flags)
                .setClientIPAddress(ciaddr.toInt()).setClientHardwareAddress(MacAddress.valueOf(mac).toBytes())
                .setOptions(all);
        UDP udp = new UDP();
        udp.setSourcePort(68);
        udp.setDestinationPort(67);
        udp.setPayload(dhcp);
        boolean unicast = !ciaddr.equals(Ip4Address.ZERO);
        IPv4 ip = new IPv4().setSourceAddress(ciaddr.toInt())
                .setDestinationAddress(unicast ? Ip4Address.valueOf("10.0.0.1").toInt() : 0xffffffff)
                .setTtl((byte) 64).setProtocol(IPv4.PROTOCOL_UDP);
        ip.setPayload(udp);
        Ethernet eth = new Ethernet().setSourceMACAddress(mac)
                .setDestinationMACAddress(unicast ? MacAddress.valueOf("fa:16:3e:00:00:01") : MacAddress.BROADCAST)
                .setEtherType(Ethernet.TYPE_IPV4);
        eth.setPayload(ip);
        return eth.serialize();
    }

    static int u32(byte[] b) {
        return ByteBuffer.wrap(b).getInt();
    }
}

package dev.muon.controller.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muon.pipeline.model.HostRoute;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.dhcp.DhcpOption;

/** Option encodings: RFC 3442's own examples for option 121, and RFC 3396 splitting of long values. */
class DhcpOptionsTest {

    @Test
    void classlessRoutesEncodeOnlyTheSignificantOctetsOfEachDestination() {
        // the destination encodings listed in RFC 3442 section 3, each via router 10.0.0.1
        String[][] cases = {
            {"0.0.0.0/0", "00"},
            {"10.0.0.0/8", "080a"},
            {"10.17.0.0/16", "100a11"},
            {"10.27.129.0/24", "180a1b81"},
            {"10.229.0.128/25", "190ae50080"},
            {"10.198.122.47/32", "200ac67a2f"},
        };
        for (String[] c : cases) {
            byte[] encoded = ClasslessRoutes.encode(List.of(new HostRoute(c[0], "10.0.0.1")));
            assertEquals(c[1] + "0a000001", HexFormat.of().formatHex(encoded), c[0]);
        }
    }

    @Test
    void theDefaultRouteViaTheGatewayIsAddedUnlessAHostRouteIsOne() {
        Ip4Address gw = Ip4Address.valueOf("10.0.0.1");
        HostRoute net = new HostRoute("172.16.0.0/24", "10.0.0.254");
        assertEquals(List.of(net, new HostRoute("0.0.0.0/0", "10.0.0.1")), ClasslessRoutes.withDefault(List.of(net), gw));
        HostRoute otherDefault = new HostRoute("0.0.0.0/0", "10.0.0.253");
        assertEquals(List.of(otherDefault, net), ClasslessRoutes.withDefault(List.of(otherDefault, net), gw));
        assertEquals(List.of(net), ClasslessRoutes.withDefault(List.of(net), null), "no gateway, no default route");
    }

    @Test
    void valuesLongerThan255BytesAreSplitIntoConsecutiveOptions() {
        byte[] value = new byte[600];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        List<DhcpOption> options = new DhcpOptions().bytes(121, value).build();
        assertEquals(4, options.size(), "255 + 255 + 90 bytes, then END");
        assertEquals(List.of(255, 255, 90), options.subList(0, 3).stream().map(o -> o.getLength() & 0xff).toList());
        options.subList(0, 3).forEach(o -> assertEquals(121, o.getCode() & 0xff));
        assertEquals((byte) 255, options.get(1).getData()[0]);
        assertEquals(255, options.get(3).getCode() & 0xff);
    }
}

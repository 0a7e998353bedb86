package dev.muon.controller.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muon.pipeline.model.HostRoute;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;

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
        byte[] options = new DhcpOptions().bytes(121, value).encode();
        assertEquals(2 + 255 + 2 + 255 + 2 + 90 + 1, options.length, "255 + 255 + 90 bytes, then END");
        assertEquals(121, options[0] & 0xff);
        assertEquals(255, options[1] & 0xff);
        assertEquals(121, options[257] & 0xff);
        assertEquals(255, options[258] & 0xff);
        assertEquals((byte) 255, options[259], "the second chunk starts with value byte 255");
        assertEquals(121, options[514] & 0xff);
        assertEquals(90, options[515] & 0xff);
        assertEquals(255, options[options.length - 1] & 0xff, "END");
    }
}

package dev.muon.controller.service;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IpAddressesTest {

    @Test
    void numberReadsAnAddressAsParseDoes() {
        for (String text : List.of("0.0.0.0", "10.0.0.1", "10.100.255.254", "255.255.255.255", "192.168.1.10",
                "::1", "fd00::a", "2001:db8::ff00:42:8329", "::ffff:10.0.0.1")) {
            assertEquals(IpAddresses.toNumber(IpAddresses.parse(text)), IpAddresses.number(text), text);
        }
    }

    @Test
    void numberRefusesWhatParseRefuses() {
        for (String text : List.of("10.0.0", "10.0.0.256", "10.0.0.1.", "10..0.1", "010.0.0.1", "10.0.0.1x", "", "1.2.3.4.5")) {
            assertThrows(IllegalArgumentException.class, () -> IpAddresses.number(text), text);
        }
    }
}

package dev.muon.controller.dhcp;

import dev.muon.pipeline.model.HostRoute;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;

/**
 * Option 121, classless static routes (RFC 3442): per route the prefix length, the
 * prefix's significant octets, then the router. A client that gets option 121 ignores
 * option 3, so the default route via the gateway is part of it, as Neutron's dnsmasq does.
 */
final class ClasslessRoutes {
    private ClasslessRoutes() {
    }

    /** The subnet's IPv4 host_routes followed by 0.0.0.0/0 via the gateway (if any, and not already a host route). */
    static List<HostRoute> withDefault(List<HostRoute> hostRoutes, Ip4Address gateway) {
        List<HostRoute> routes = new ArrayList<>();
        boolean hasDefault = false;
        for (HostRoute r : hostRoutes) {
            if (!r.destination().contains(":") && !r.nexthop().contains(":")) {
                routes.add(r);
                hasDefault |= Ip4Prefix.valueOf(r.destination()).prefixLength() == 0;
            }
        }
        if (gateway != null && !hasDefault) {
            routes.add(new HostRoute("0.0.0.0/0", gateway.toString()));
        }
        return routes;
    }

    static byte[] encode(List<HostRoute> routes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HostRoute r : routes) {
            Ip4Prefix dst = Ip4Prefix.valueOf(r.destination());
            int width = dst.prefixLength();
            out.write(width);
            out.write(dst.address().toOctets(), 0, (width + 7) / 8);
            out.writeBytes(Ip4Address.valueOf(r.nexthop()).toOctets());
        }
        return out.toByteArray();
    }
}

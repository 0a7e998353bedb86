package dev.muon.simulator;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many simulated nodes in one JVM, all on one shared Netty event loop group (no thread or
 * timer of their own), each connected to the same manager.
 */
public final class NodeSimulator implements AutoCloseable {

    private final EventLoopGroup group;
    private final List<SimulatedNode> nodes;

    private NodeSimulator(EventLoopGroup group, List<SimulatedNode> nodes) {
        this.group = group;
        this.nodes = List.copyOf(nodes);
    }

    /**
     * {@code count} compute nodes named {@code prefix1 .. prefixN} with tunnel endpoints
     * 10.x.y.z, each with its OpenFlow switches.
     */
    public static NodeSimulator start(int count, String hostnamePrefix, InetSocketAddress manager) {
        List<NodeConfig> configs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            configs.add(NodeConfig.compute(hostnamePrefix + (i + 1), encapIp(i)));
        }
        return start(configs, manager, true, 0);
    }

    /**
     * @param openflow false for nodes without OpenFlow switches (OVSDB only)
     * @param threads  event loop threads; 0 for Netty's default (twice the cores)
     */
    public static NodeSimulator start(List<NodeConfig> configs, InetSocketAddress manager, boolean openflow,
                                      int threads) {
        EventLoopGroup group = new NioEventLoopGroup(threads);
        List<SimulatedNode> nodes = new ArrayList<>(configs.size());
        try {
            for (NodeConfig config : configs) {
                nodes.add(SimulatedNode.start(group, config, manager, openflow));
            }
        } catch (RuntimeException e) {
            new NodeSimulator(group, nodes).close();
            throw e;
        }
        return new NodeSimulator(group, nodes);
    }

    /** The i-th node's tunnel endpoint: 10.0.0.1, ... never a .0 or .255 address. */
    static String encapIp(int i) {
        int perSubnet = 254;
        int host = i % perSubnet + 1;
        int subnet = i / perSubnet;
        return "10." + ((subnet >> 8) & 0xff) + "." + (subnet & 0xff) + "." + host;
    }

    public List<SimulatedNode> nodes() {
        return nodes;
    }

    public long connectedCount() {
        return nodes.stream().filter(SimulatedNode::isManagerConnected).count();
    }

    @Override
    public void close() {
        nodes.forEach(SimulatedNode::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}

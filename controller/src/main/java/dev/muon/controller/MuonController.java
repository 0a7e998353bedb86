package dev.muon.controller;

import dev.muon.controller.cluster.BridgeRoles;
import dev.muon.controller.cluster.ClusterConfig;
import dev.muon.controller.cluster.NodeLeases;
import dev.muon.controller.cluster.NodeOwnership;
import dev.muon.controller.dhcp.DhcpConfig;
import dev.muon.controller.dhcp.DhcpResponder;
import dev.muon.controller.l3.ExternalArp;
import dev.muon.controller.l3.NorthSouthServices;
import dev.muon.controller.l3.RouterIcmpConfig;
import dev.muon.controller.l3.RouterIcmpResponder;
import dev.muon.controller.node.AgentDirectory;
import dev.muon.controller.node.AgentNodes;
import dev.muon.controller.node.DvrMacAllocator;
import dev.muon.controller.node.LocalVlanAllocator;
import dev.muon.controller.node.NodeMemory;
import dev.muon.controller.node.NodeRegistry;
import dev.muon.controller.node.RouterNumberAllocator;
import dev.muon.controller.ops.ControllerMonitoring;
import dev.muon.controller.ops.FlowsReport;
import dev.muon.controller.reconcile.PortBindings;
import dev.muon.controller.reconcile.Reconciler;
import dev.muon.controller.service.NeutronNetworkService;
import dev.muon.controller.service.QuotaDefaults;
import dev.muon.controller.service.ServiceConfig;
import dev.muon.controller.store.DatabaseLocation;
import dev.muon.controller.store.ModelStore;
import dev.muon.controller.tls.PeerWarnings;
import dev.muon.controller.tls.TlsConfig;
import dev.muon.controller.tls.TlsTransport;
import dev.muon.northbound.NorthboundServer;
import dev.muon.ofdriver.OpenFlowServer;
import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.ofdriver.PacketIn;
import dev.muon.ofdriver.SwitchListener;
import dev.muon.ovsdb.OvsdbListener;
import dev.muon.ovsdb.OvsdbNode;
import dev.muon.ovsdb.OvsdbServer;
import dev.muon.pipeline.node.NodeState;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The whole controller process: model and service, northbound, OVSDB and OpenFlow, reconciler. */
public final class MuonController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MuonController.class);

    private final MuonConfig config;
    private final NodeRegistry registry = new NodeRegistry();
    /** Refused OpenFlow and OVSDB peers: bad certificates, a certificate of another node. */
    private final PeerWarnings refusals = new PeerWarnings(LOG);
    private ModelStore store;
    private NeutronNetworkService service;
    private Reconciler reconciler;
    private NodeOwnership ownership;
    private ExternalArp externalArp;
    private OvsdbServer ovsdb;
    private OpenFlowServer openflow;
    private NorthboundServer northbound;
    private ControllerMonitoring monitoring;

    public MuonController(MuonConfig config) {
        this.config = config;
    }

    public void start() throws Exception {
        TlsConfig tls = TlsConfig.from(config);   // half-configured SSL stops here, before anything starts
        TlsTransport transport = tls.transport(refusals);
        Path dataDir = config.dataDir();
        Files.createDirectories(dataDir);
        DatabaseLocation database = DatabaseLocation.configured(config.get("store.url"),
                config.get("store.user"), config.get("store.password"), dataDir);
        ClusterConfig cluster = ClusterConfig.from(config);
        store = ModelStore.open(dataDir, database);
        monitoring = new ControllerMonitoring(store);
        service = new NeutronNetworkService(store, ServiceConfig.from(config), QuotaDefaults.from(config));
        Consumer<PortBindings.Change> bind = c -> service.setPortBinding(c.portId(), c.hostId(), c.active());
        // on a shared PostgreSQL database a controller is master only on the bridges of its nodes
        BridgeRoles roles = new BridgeRoles(database.isPostgres());
        // upstream ARP goes out (packet-out) through bridges this controller is master of: a slave's is refused
        externalArp = new ExternalArp((host, bridge) -> registry.switchOf(host, bridge).filter(roles::isMaster),
                () -> reconciler.request(),
                config.getInt("l3.upstream.arp.refresh.seconds"));
        NorthSouthServices northSouth = new NorthSouthServices(service::snapshot, bind, registry, externalArp,
                Duration.ofSeconds(config.getInt("l3.snat.startup.grace.seconds")), Clock.systemUTC());
        NodeMemory nodeMemory = NodeMemory.open(store.rememberedNodes(), dataDir,
                Duration.ofSeconds(config.getInt("node.away.grace.seconds")), Clock.systemUTC());
        reconciler = new Reconciler(service::snapshot, statuses -> {
                    service.write(StatusBatches.of(statuses));
                    monitoring.statusesCommitted(statuses);
                },
                northSouth,
                registry, LocalVlanAllocator.open(store.nodeAllocations(), dataDir),
                new DvrMacAllocator(store.nodeAllocations()),
                new RouterNumberAllocator(store.nodeAllocations()),
                nodeMemory, cluster.controllerTargets());
        // on a shared PostgreSQL database, nodes are shared out among the live controllers by lease
        ownership = database.isPostgres()
                ? NodeOwnership.leased(new NodeLeases(database, cluster.instanceId(), cluster.lease()), cluster.lease(),
                        () -> registry.nodeStates().keySet())
                : NodeOwnership.everything(() -> registry.nodeStates().keySet());
        reconciler.share(ownership, roles);
        reconciler.dhcpMeter(DhcpConfig.meter(config));
        reconciler.observe(monitoring.reconcileObserver());
        store.subscribe(m -> reconciler.request());
        store.follow();   // on a shared database: other controllers' commits reach the reconciler too
        DhcpResponder dhcp = new DhcpResponder(service::snapshot, registry::nodeStates, DhcpConfig.from(config));
        RouterIcmpResponder routerIcmp = new RouterIcmpResponder(service::snapshot, registry::nodeStates,
                RouterIcmpConfig.from(config));
        dhcp.count(monitoring.metrics()::dhcpRequest, monitoring.metrics()::dhcpReply);

        openflow = new OpenFlowServer(address("openflow"), new SwitchListener() {
            @Override
            public boolean admit(OpenFlowSwitch sw) {
                Optional<String> refusal = registry.refusal(sw);
                refusal.ifPresent(r -> refusals.warn("refused OpenFlow switch from " + sw.remoteAddress() + ": " + r));
                return refusal.isEmpty();
            }

            @Override
            public void switchConnected(OpenFlowSwitch sw) {
                LOG.info("switch {} connected", Long.toHexString(sw.datapathId()));
                registry.switchUp(sw);
                reconciler.request();
            }

            @Override
            public void switchDisconnected(OpenFlowSwitch sw) {
                LOG.info("switch {} disconnected", Long.toHexString(sw.datapathId()));
                registry.switchDown(sw);
                reconciler.request();   // a network node's br-int gone: its routers' SNAT fails over
            }

            @Override
            public void packetIn(OpenFlowSwitch sw, PacketIn packetIn) {
                if (!roles.isMaster(sw)) {
                    return;   // the node's master answers (a slave gets none; this covers the moment of a takeover)
                }
                if (externalArp.packetIn(sw, packetIn)) {
                    monitoring.metrics().packetIn("upstream_arp");
                    return;
                }
                if (routerIcmp.packetIn(sw, packetIn)) {   // DHCP never parses routing's: a flood of them costs it nothing
                    monitoring.metrics().packetIn("icmp_error");
                    return;
                }
                monitoring.metrics().packetIn(dhcp.packetIn(sw, packetIn) ? "dhcp" : "unclaimed");
            }
        }).maxConnections(config.getInt("openflow.max.connections"));
        ovsdb = new OvsdbServer(address("ovsdb"), new OvsdbListener() {
            private final Set<OvsdbNode> refused = ConcurrentHashMap.newKeySet();

            @Override
            public void nodeConnected(OvsdbNode node) {
                LOG.info("OVSDB {} connected", node.connectionId());
                registry.ovsdbUp(node);
                if (admitted(node)) {
                    reconciler.request();
                }
            }

            @Override
            public void nodeChanged(OvsdbNode node, NodeState state) {
                if (admitted(node)) {
                    monitoring.nodeReported(state);
                    reconciler.request();
                }
            }

            /** The registry ignores a node whose certificate is not the host it claims; it is also dropped, once. */
            private boolean admitted(OvsdbNode node) {
                if (refused.contains(node)) {
                    return false;
                }
                Optional<String> refusal = registry.refusal(node);
                refusal.ifPresent(r -> {
                    refused.add(node);
                    refusals.warn("refused OVSDB node at " + node.connectionId() + ": " + r);
                    node.disconnect();
                });
                return refusal.isEmpty();
            }

            @Override
            public void nodeDisconnected(OvsdbNode node) {
                LOG.info("OVSDB {} disconnected", node.connectionId());
                registry.ovsdbDown(node);
                monitoring.nodeDisconnected(node.connectionId());
                refused.remove(node);
                reconciler.request();
            }
        }).maxConnections(config.getInt("ovsdb.max.connections"));
        if (transport != null) {
            openflow.tls(transport);
            ovsdb.tls(transport);
        }
        AgentNodes agentNodes = new AgentNodes(registry, nodeMemory);
        service.availabilityZones().use(() -> AgentDirectory.zonesOf(agentNodes.get()));
        AgentDirectory agents = new AgentDirectory(agentNodes, store, host -> {
            nodeMemory.forget(host);
            reconciler.request();
        }, Clock.systemUTC());
        northbound = new NorthboundServer(service, new FlowsReport(registry, reconciler, service::snapshot), agents,
                ApiSettings.from(config)).monitoring(monitoring.endpoints());

        openflow.start();
        ovsdb.start();
        northbound.start();
        (tls.enabled() && !tls.allowPlain() ? LOG.atInfo() : LOG.atWarn())
                .log("OpenFlow :{} and OVSDB :{} accept {}", openflow.port(), ovsdb.port(), tls.mode());
        monitoring.start();
        ownership.start();
        reconciler.start(config.getInt("reconcile.period.seconds"));
        externalArp.start();
        LOG.info("Muon up: REST {}://{}:{}, OpenFlow :{}, OVSDB :{}, data in {}, controller target {}",
                northbound.scheme(), config.get("rest.bind"), northbound.port(), openflow.port(), ovsdb.port(), dataDir.toAbsolutePath(),
                cluster.controllerTargets());
    }

    private InetSocketAddress address(String prefix) {
        return new InetSocketAddress(config.get(prefix + ".bind"), config.getInt(prefix + ".port"));
    }

    /** Metrics, health and progress (tests read the metrics). */
    public ControllerMonitoring monitoring() {
        return monitoring;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {northbound, ovsdb, openflow, externalArp, reconciler, monitoring, ownership, store}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("while stopping: {}", e.toString());
                }
            }
        }
        LOG.info("Muon stopped");
    }
}

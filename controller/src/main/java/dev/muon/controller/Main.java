package dev.muon.controller;

import dev.muon.controller.bench.Bench;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code muon run}: the controller in the foreground; Ctrl-C stops it cleanly. */
@Command(name = "muon", mixinStandardHelpOptions = true, subcommands = {Main.Run.class, Main.FlowsCommand.class, Main.TraceCommand.class, Main.BenchCommand.class},
        description = "Agentless OpenFlow controller for OpenStack Neutron networks.")
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the controller in the foreground on its embedded defaults.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--rest-port", description = "Neutron REST API port (default 9696)")
        Integer restPort;
        @Option(names = "--openflow-port", description = "OpenFlow listener port (default 6653)")
        Integer openflowPort;
        @Option(names = "--ovsdb-port", description = "OVSDB manager listener port (default 6640)")
        Integer ovsdbPort;
        @Option(names = "--data-dir", description = "where the model is kept (default ./data)")
        Path dataDir;
        @Option(names = "--advertise-address", description = "address nodes reach OpenFlow on (default 127.0.0.1)")
        String advertiseAddress;
        @Option(names = "--config", description = "a properties file overriding the embedded defaults")
        Path configFile;

        @Override
        public Integer call() throws Exception {
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put("rest.port", restPort == null ? null : restPort.toString());
            flags.put("openflow.port", openflowPort == null ? null : openflowPort.toString());
            flags.put("ovsdb.port", ovsdbPort == null ? null : ovsdbPort.toString());
            flags.put("data.dir", dataDir == null ? null : dataDir.toString());
            flags.put("advertise.address", advertiseAddress);
            MuonConfig config = MuonConfig.load(configFile, System.getenv(), flags);
            MuonController controller = new MuonController(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                controller.close();
                stopped.countDown();
            }, "shutdown"));
            controller.start();
            stopped.await();
            return 0;
        }
    }

    @Command(name = "flows", mixinStandardHelpOptions = true,
            description = "Print a node's computed flows, each with the logical object behind its cookie, "
                    + "and how the node's switches differ from them (asks the running controller).")
    static final class FlowsCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "the node's hostname")
        String node;
        @Parameters(index = "1", arity = "0..1", description = "br-int, br-tun, ... (default: all)")
        String bridge;
        @Mixin
        ApiEndpoint api;

        @Override
        public Integer call() throws Exception {
            return api.printOperatorText("/muon/v1/nodes/" + encode(node) + "/flows"
                    + (bridge == null ? "" : "?bridge=" + encode(bridge)));
        }
    }

    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = "Run a packet through a node's computed flows, as ovs-appctl ofproto/trace does on a "
                    + "switch, each step explained by the logical object behind it (asks the running controller).")
    static final class TraceCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "the node's hostname")
        String node;
        @Parameters(index = "1", description = "the bridge the packet enters, e.g. br-int")
        String bridge;
        @Parameters(index = "2", description = "the packet in ovs-ofctl syntax, e.g. "
                + "in_port=tap1,icmp,dl_src=fa:16:3e:..,dl_dst=fa:16:3e:..,nw_src=10.0.0.5,nw_dst=10.0.0.6")
        String packet;
        @Mixin
        ApiEndpoint api;
        @Option(names = "--ct-next", description = "conntrack state each ct(table=N) resumes with, one per "
                + "recirculation, as ofproto/trace's --ct-next (repeatable; default trk,new), e.g. trk,est")
        List<String> ctNext = List.of();
        @Option(names = "--ct-mark", description = "ct_mark of the connection each ct(table=N) finds (default: "
                + "the packet's, 0), e.g. 0x1; a ct(commit,exec(set_field:V->ct_mark)) in the trace changes it")
        String ctMark;

        @Override
        public Integer call() throws Exception {
            StringBuilder flow = new StringBuilder(packet);
            ctNext.forEach(s -> flow.append(" --ct-next ").append(s));   // the tracer reads options in the flow text
            if (ctMark != null) {
                flow.append(" --ct-mark ").append(ctMark);
            }
            return api.printOperatorText("/muon/v1/nodes/" + encode(node) + "/trace?bridge=" + encode(bridge)
                    + "&flow=" + encode(flow.toString()));
        }
    }

    /** Where the running controller's API is and how to be let in: the operator endpoints are admin-only. */
    static final class ApiEndpoint {
        @Option(names = "--url", defaultValue = "http://127.0.0.1:9696",
                description = "the controller's REST endpoint, http or https (default ${DEFAULT-VALUE})")
        String url;
        @Option(names = "--token", description = "a Keystone token of an admin, sent as X-Auth-Token "
                + "(default: $OS_AUTH_TOKEN, else $OS_TOKEN; none with auth.strategy=noauth)")
        String token;
        @Option(names = "--cacert", description = "PEM file of the CA that signed an https --url's certificate "
                + "(default: the JVM's trusted CAs)")
        Path cacert;

        /** GETs an operator endpoint and prints its text: 0 when it answered 200, else 1. */
        int printOperatorText(String path) throws Exception {
            HttpClient.Builder client = HttpClient.newBuilder();
            if (cacert != null) {
                client.sslContext(trusting(cacert));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path)).GET();
            String t = token != null ? token : firstSet(System.getenv("OS_AUTH_TOKEN"), System.getenv("OS_TOKEN"));
            if (t != null) {
                request.header("X-Auth-Token", t);
            }
            HttpResponse<String> r = client.build().send(request.build(), HttpResponse.BodyHandlers.ofString());
            (r.statusCode() == 200 ? System.out : System.err).print(r.body());
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                System.err.println("\nmuon: " + r.statusCode() + ": the operator endpoints need an admin's token "
                        + "(--token, or OS_AUTH_TOKEN from `openstack token issue`)");
            }
            return r.statusCode() == 200 ? 0 : 1;
        }

        private static String firstSet(String... values) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    return v.trim();
                }
            }
            return null;
        }

        private static SSLContext trusting(Path caFile) throws Exception {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            try (InputStream in = Files.newInputStream(caFile)) {
                for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trusted.setCertificateEntry("ca" + i++, ca);
                }
            }
            if (i == 0) {
                throw new IllegalArgumentException(caFile + " holds no PEM certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls;
        }
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Measure compile time, flow counts and install time on one real userspace OVS node "
                    + "(needs root and Open vSwitch; run from the repository root).")
    static final class BenchCommand implements Callable<Integer> {
        @Option(names = "--ports", split = ",", defaultValue = "1000,10000",
                description = "synthetic port counts (default ${DEFAULT-VALUE})")
        List<Integer> ports;
        @Option(names = "--nodes", split = ",", defaultValue = "3,10",
                description = "synthetic node counts (default ${DEFAULT-VALUE})")
        List<Integer> nodes;
        @Option(names = "--sg-ports", defaultValue = "1000",
                description = "ports of the security group scenario (default ${DEFAULT-VALUE})")
        int sgPorts;
        @Option(names = "--sg-members", defaultValue = "200",
                description = "members of its remote group 'web' (default ${DEFAULT-VALUE})")
        int sgMembers;
        @Option(names = "--plug-nodes", defaultValue = "3",
                description = "real OVS nodes of the port-up scenario (default ${DEFAULT-VALUE})")
        int plugNodes;
        @Option(names = "--plug-bound", defaultValue = "100",
                description = "ports bound before its second one-port series (default ${DEFAULT-VALUE})")
        int plugBound;
        @Option(names = "--plug-bulk", defaultValue = "50",
                description = "ports per node it plugs at once (default ${DEFAULT-VALUE})")
        int plugBulk;
        @Option(names = "--api-clients", defaultValue = "16",
                description = "concurrent clients of the API scenario (default ${DEFAULT-VALUE})")
        int apiClients;
        @Option(names = "--api-ports", defaultValue = "10000",
                description = "ports they create, one per POST (default ${DEFAULT-VALUE})")
        int apiPorts;
        @Option(names = "--memory-ports", split = ",", defaultValue = "20000,100000",
                description = "port counts of the memory scenario (default ${DEFAULT-VALUE})")
        List<Integer> memoryPorts;
        @Option(names = "--memory-nodes", defaultValue = "3",
                description = "nodes of its synthetic clouds (default ${DEFAULT-VALUE})")
        int memoryNodes;
        @Option(names = "--scale-ports", defaultValue = "20000",
                description = "ports of the scale scenario's cloud (default ${DEFAULT-VALUE})")
        int scalePorts;
        @Option(names = "--scale-nodes", defaultValue = "1000",
                description = "nodes of the scale scenario's cloud (default ${DEFAULT-VALUE})")
        int scaleNodes;
        @Option(names = "--sim-nodes", defaultValue = "1000",
                description = "simulated nodes of the sim scenario (default ${DEFAULT-VALUE})")
        int simNodes;
        @Option(names = "--sim-ports", defaultValue = "20",
                description = "VIFs per simulated node (default ${DEFAULT-VALUE})")
        int simPorts;
        @Option(names = "--only", split = ",", defaultValue = "l2,routing,sg,portup,dhcp,api,memory,scale,sim",
                description = "scenarios to run (default ${DEFAULT-VALUE})")
        List<String> only;

        @Override
        public Integer call() throws Exception {
            new Bench(Path.of(System.getProperty("muon.home", "")).toAbsolutePath(), System.out)
                    .run(ports, nodes, sgPorts, sgMembers, new Bench.PortUp(plugNodes, plugBound, plugBulk),
                            new Bench.Api(apiClients, apiPorts), new Bench.Memory(memoryPorts, memoryNodes),
                            new Bench.Scale(scalePorts, scaleNodes), new Bench.Sim(simNodes, simPorts), only);
            return 0;
        }
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("muon: " + e.getMessage());
            return 1;
        });
        int rc = cli.execute(args);
        if (rc != 0 || args.length == 0 || !"run".equals(args[0])) {
            System.exit(rc);
        }
    }
}

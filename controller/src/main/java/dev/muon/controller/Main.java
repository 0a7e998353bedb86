package dev.muon.controller;

import dev.muon.controller.bench.Bench;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code muon run}: the controller in the foreground; Ctrl-C stops it cleanly. */
@Command(name = "muon", mixinStandardHelpOptions = true, subcommands = {Main.Run.class, Main.BenchCommand.class},
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

        @Override
        public Integer call() throws Exception {
            new Bench(Path.of("").toAbsolutePath(), System.out).run(ports, nodes);
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

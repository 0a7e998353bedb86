package dev.muon.controller.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PKI made by the real {@code ovs-pki} (package openvswitch-pki) in a directory, as the README
 * tells operators: a controller CA and a switch CA, a controller certificate, one switch
 * certificate per node named after its hostname.
 */
public final class OvsPki {
    public final Path dir;

    /** A private key and its certificate, PEM, as ovs-pki writes them ({@code NAME-privkey.pem}, {@code NAME-cert.pem}). */
    public record Certified(Path key, Path cert) {
    }

    private OvsPki(Path dir) {
        this.dir = dir;
    }

    public static OvsPki init(Path dir) throws IOException {
        Files.createDirectories(dir);
        OvsPki pki = new OvsPki(dir);
        pki.run("init");
        return pki;
    }

    /** The CA node certificates are signed by: the controller's {@code ssl.ca_cert}. */
    public Path switchCa() {
        return dir.resolve("pki/switchca/cacert.pem");
    }

    /** The CA the controller's certificate is signed by: each node's set-ssl CA. */
    public Path controllerCa() {
        return dir.resolve("pki/controllerca/cacert.pem");
    }

    public Certified controller(String name) throws IOException {
        run("req+sign", name, "controller");
        return certified(name);
    }

    /** {@code ovs-pki req+sign NAME switch}: CN "NAME id:&lt;uuid&gt;". */
    public Certified node(String name) throws IOException {
        run("req+sign", name, "switch");
        return certified(name);
    }

    private Certified certified(String name) {
        return new Certified(dir.resolve(name + "-privkey.pem"), dir.resolve(name + "-cert.pem"));
    }

    private void run(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ovs-pki", "--dir=" + dir.resolve("pki"), "--log=" + dir.resolve("ovs-pki.log")));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("ovs-pki", ".out");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IOException(cmd + " failed: " + Files.readString(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}

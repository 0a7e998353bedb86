package dev.muon.northbound;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway CA and an API certificate it signed for 127.0.0.1, made with the openssl command
 * line as an operator would: key.pem is PKCS#8 (openssl 3's default), key-rsa.pem the same key
 * as PKCS#1 ("BEGIN RSA PRIVATE KEY").
 */
final class TestCertificates {
    final Path dir;
    final Path ca;
    final Path cert;
    final Path key;
    final Path rsaKey;

    TestCertificates(Path dir) throws Exception {
        this.dir = dir;
        ca = dir.resolve("ca.pem");
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        rsaKey = dir.resolve("key-rsa.pem");
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=muon test CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "req.pem",
                "-subj", "/CN=127.0.0.1");
        openssl("x509", "-req", "-in", "req.pem", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-out", "cert.pem", "-days", "2", "-extfile", "san.cnf");
        openssl("rsa", "-in", "key.pem", "-traditional", "-out", "key-rsa.pem");
    }

    /** A TLS context that trusts only the test CA. */
    SSLContext trustingTheCa() throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    void openssl(String... args) throws IOException, InterruptedException {
        run(dir, prepend("openssl", args));
    }

    static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static List<String> prepend(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }
}

package dev.muon.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API over HTTPS only, from PEM files made by openssl and by ovs-pki. */
class HttpsTest {

    @Test
    void theApiSpeaksHttpsOnlyWithAPkcs8OrPkcs1Key(@TempDir Path dir) throws Exception {
        TestCertificates pki = new TestCertificates(dir);
        assertTrue(Files.readString(pki.key).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(pki.rsaKey).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        HttpClient trusting = HttpClient.newBuilder().sslContext(pki.trustingTheCa()).build();
        for (Path key : List.of(pki.key, pki.rsaKey)) {
            try (ApiUnderTest api = new ApiUnderTest(null, new RestTls(pki.cert, key), HttpLimits.defaults())) {
                assertEquals("https", api.server.scheme());
                HttpResponse<String> r = trusting.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + api.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                JsonNode self = Json.MAPPER.readTree(r.body()).get("versions").get(0).get("links").get(0);
                assertEquals("https://127.0.0.1:" + api.port() + "/v2.0/", self.get("href").asText(),
                        "version discovery sends clients on over https");
                assertEquals(200, trusting.send(HttpRequest.newBuilder(URI.create("https://localhost:" + api.port()
                        + "/muon/v1/nodes")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());

                assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.port() + "/")).build(), HttpResponse.BodyHandlers.ofString()),
                        "plain HTTP to the HTTPS port");
                assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + api.port() + "/")).build(), HttpResponse.BodyHandlers.ofString()),
                        "a client that does not trust the CA");
            }
        }
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedAtStart(@TempDir Path dir) throws Exception {
        TestCertificates pki = new TestCertificates(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemKeyStore.load(pki.cert, dir.resolve("ca-key.pem")));
        assertTrue(e.getMessage().contains("not the key of the certificate"), e.getMessage());
    }

    @Test
    void ovsPkiCertificatesLoad(@TempDir Path dir) throws Exception {
        TestCertificates.run(dir, List.of("ovs-pki", "--dir=" + dir.resolve("pki"), "init"));
        TestCertificates.run(dir, List.of("ovs-pki", "--dir=" + dir.resolve("pki"), "req+sign", "api", "switch"));
        assertTrue(Files.readString(dir.resolve("api-cert.pem")).startsWith("Certificate:"),
                "ovs-pki describes the certificate before its PEM block");
        KeyStore store = PemKeyStore.load(dir.resolve("api-cert.pem"), dir.resolve("api-privkey.pem"));
        assertEquals(1, store.size());
    }
}

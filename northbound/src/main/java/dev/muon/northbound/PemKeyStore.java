package dev.muon.northbound;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key store, in memory, from the PEM files operators have: a certificate (chain) and its
 * private key, as PKCS#8 ("BEGIN PRIVATE KEY", what openssl 3 and ovs-pki write) or PKCS#1
 * ("BEGIN RSA PRIVATE KEY", openssl's -traditional). Text around the blocks (ovs-pki prefixes
 * its certificates with their description) is ignored.
 */
final class PemKeyStore {
    /** The in-memory store's password: it never reaches a disk. */
    static final String PASSWORD = "in-memory";
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");
    /** The DER AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemKeyStore() {
    }

    static KeyStore load(Path certFile, Path keyFile) {
        try {
            List<Certificate> chain = new ArrayList<>();
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(certFile)) {
                if (b.type().equals("CERTIFICATE")) {
                    chain.add(x509.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(certFile + " holds no PEM certificate");
            }
            PrivateKey key = null;
            for (Block b : blocks(keyFile)) {
                key = switch (b.type()) {
                    case "PRIVATE KEY" -> pkcs8(b.der());
                    case "RSA PRIVATE KEY" -> pkcs8(pkcs1ToPkcs8(b.der()));
                    case "ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY" -> throw new IllegalArgumentException(keyFile
                            + ": a " + b.type() + " is not supported; convert it with "
                            + "`openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`");
                    default -> key;
                };
                if (key != null) {
                    break;
                }
            }
            if (key == null) {
                throw new IllegalArgumentException(keyFile + " holds no PEM private key");
            }
            if (key instanceof RSAPrivateCrtKey rsa && chain.get(0).getPublicKey() instanceof RSAPublicKey pub
                    && !rsa.getModulus().equals(pub.getModulus())) {
                throw new IllegalArgumentException(keyFile + " is not the key of the certificate in " + certFile);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("rest", key, PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
            return store;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + certFile + " and " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(Path file) throws IOException {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        while (m.find()) {
            blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
        }
        return blocks;
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    /** PKCS#8 PrivateKeyInfo {version 0, rsaEncryption, OCTET STRING pkcs1} around a PKCS#1 RSAPrivateKey. */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(new byte[] {0x02, 0x01, 0x00});
        info.writeBytes(RSA_ALGORITHM);
        info.writeBytes(tagged(0x04, pkcs1));
        return tagged(0x30, info.toByteArray());
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}

package dev.muon.northbound;

import java.nio.file.Path;

/** HTTPS for the API: the PEM certificate (chain) and its private key (PKCS#8 or PKCS#1). */
public record RestTls(Path cert, Path key) {
}

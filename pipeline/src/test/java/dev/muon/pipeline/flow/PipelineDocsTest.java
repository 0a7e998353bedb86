package dev.muon.pipeline.flow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/pipeline.md names every table of the catalogue, with its number and Neutron name, and every register Muon uses. */
class PipelineDocsTest {

    @Test
    void everyCatalogueTableIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("../docs/pipeline.md"));
        for (PipelineTable t : PipelineTable.values()) {
            String row = "| " + t.number() + " | " + t.neutronName() + " |";
            boolean named = doc.contains(row) || (t.number() == 0 && t == PipelineTable.TUN_LOCAL && doc.contains("| 0 | |"));
            assertTrue(named, "docs/pipeline.md has no row '" + row + "' for " + t);
        }
        for (Field f : Field.values()) {
            if (f.isRegister() && PipelineTable.of(PipelineTable.BridgeKind.INTEGRATION).stream()
                    .anyMatch(t -> t.matches().contains(f) || t.sets().contains(f))) {
                assertTrue(doc.contains("| " + f.matchName() + " |"), "docs/pipeline.md has no register row for " + f);
            }
        }
    }
}

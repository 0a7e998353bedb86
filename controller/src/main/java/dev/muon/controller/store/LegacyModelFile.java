package dev.muon.controller.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code model.json}, where Muon kept the whole model before it had a database. On the first
 * start with a database, its content is imported once and the file renamed
 * {@code model.json.imported}.
 */
final class LegacyModelFile {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyModelFile.class);
    static final String FILE_NAME = "model.json";
    static final String IMPORTED_SUFFIX = ".imported";
    private static final int FORMAT = 1;

    private LegacyModelFile() {
    }

    /** The file's layout, format 1 (the only one there was). */
    record Document(int format, long version, List<Network> networks, List<Subnet> subnets, List<Port> ports) {
    }

    /**
     * Imports {@code dataDir/model.json} into {@code persistence} if the database is still empty.
     * The rename comes after the import has committed: a crash in between leaves the file, and
     * the next start, seeing a database that is no longer empty, leaves it alone.
     */
    static void importInto(JdbcPersistence persistence, Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return;
        }
        if (persistence.load().isPresent()) {
            LOG.warn("{} was not imported: the model database already holds a model", file);
            return;
        }
        ModelPersistence.Stored stored = read(file);
        persistence.save(stored.model(), stored.version());
        try {
            Files.move(file, file.resolveSibling(FILE_NAME + IMPORTED_SUFFIX), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("imported " + file + " but cannot rename it", e);
        }
        LOG.info("imported {} (version {}: {} networks, {} subnets, {} ports) into the model database", file,
                stored.version(), stored.model().networks().size(), stored.model().subnets().size(),
                stored.model().ports().size());
    }

    static ModelPersistence.Stored read(Path file) {
        ObjectMapper mapper = ModelJson.mapper();
        try {
            JsonNode tree = mapper.readTree(file.toFile());
            int format = tree == null ? 0 : tree.path("format").asInt();
            if (format != FORMAT) {
                throw new StoreException(file + " is not a Muon model file of format " + FORMAT + " (format " + format
                        + "); move it away to start with an empty model");
            }
            // Components added to the records since format 1 read as absent (null, false, 0);
            // the one whose Neutron default is otherwise gets it here.
            for (JsonNode network : tree.path("networks")) {
                if (network instanceof ObjectNode n && !n.has("portSecurityEnabled")) {
                    n.put("portSecurityEnabled", true);
                }
            }
            Document doc = mapper.treeToValue(tree, Document.class);
            return new ModelPersistence.Stored(NetworkModel.of(doc.networks(), doc.subnets(), doc.ports()),
                    doc.version());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

package dev.muon.controller.node;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.controller.store.NodeAllocation;
import dev.muon.controller.store.NodeAllocations;
import dev.muon.controller.store.RememberedNodes;
import dev.muon.pipeline.node.NodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code local-vlans.json} and {@code nodes.json}, where Muon kept local VLANs and remembered
 * nodes in the data directory before they moved into the model store. On the first start with a
 * store that holds none of them, each file is imported in one transaction, so an upgrade changes
 * no tag on any node, and then renamed {@code <name>.imported}: kept for the operator (and a
 * downgrade), never read again. The rename comes after the import has committed: a crash in
 * between leaves the file, and the next start, seeing the store no longer empty, leaves it alone.
 */
final class LegacyNodeFiles {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyNodeFiles.class);
    static final String LOCAL_VLANS = "local-vlans.json";
    static final String NODES = "nodes.json";
    static final String IMPORTED_SUFFIX = ".imported";
    /** The files were written by a plain mapper from the records' accessors; so they are read. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private LegacyNodeFiles() {
    }

    /** Imports {@code dataDir/local-vlans.json} (hostname → network id → VLAN) if the store has no local VLANs. */
    static void importLocalVlans(Path dataDir, NodeAllocations storage) {
        Path file = dataDir.resolve(LOCAL_VLANS);
        if (!Files.isRegularFile(file)) {
            return;
        }
        if (!storage.isEmpty(LocalVlanAllocator.KIND)) {
            LOG.warn("{} was not imported: the model store already holds local VLANs", file);
            return;
        }
        Map<String, Map<String, Integer>> byNode = read(file, new TypeReference<>() { });
        List<NodeAllocation> allocations = new ArrayList<>();
        byNode.forEach((node, vlans) -> vlans.forEach((network, vlan) ->
                allocations.add(new NodeAllocation(LocalVlanAllocator.KIND, node, network, vlan))));
        storage.write(List.of(), allocations);
        renameImported(file);
        LOG.info("imported {} ({} local VLANs on {} nodes) into the model store", file, allocations.size(),
                byNode.size());
    }

    /** Imports {@code dataDir/nodes.json} (hostname → configuration) if the store remembers no node. */
    static void importNodes(Path dataDir, RememberedNodes storage) {
        Path file = dataDir.resolve(NODES);
        if (!Files.isRegularFile(file)) {
            return;
        }
        if (!storage.load().isEmpty()) {
            LOG.warn("{} was not imported: the model store already remembers nodes", file);
            return;
        }
        Map<String, NodeConfig> nodes = read(file, new TypeReference<>() { });
        storage.save(nodes, Set.of());
        renameImported(file);
        LOG.info("imported {} ({} remembered nodes) into the model store", file, nodes.size());
    }

    private static <T> T read(Path file, TypeReference<T> type) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void renameImported(Path file) {
        try {
            Files.move(file, file.resolveSibling(file.getFileName() + IMPORTED_SUFFIX),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("imported " + file + " but cannot rename it", e);
        }
    }
}

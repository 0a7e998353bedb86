package dev.muon.controller.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The whole model as one JSON file, {@code model.json} in the data directory. A save writes a
 * temporary file, forces it to disk, renames it over the old one atomically and forces the
 * directory, so that after a crash the file holds either the previous or the new snapshot.
 */
public final class JsonFilePersistence implements ModelPersistence {
    static final String FILE_NAME = "model.json";
    private static final int FORMAT = 1;

    private final Path file;
    private final Path temp;
    private final ObjectMapper mapper;

    public JsonFilePersistence(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        this.file = dataDir.resolve(FILE_NAME);
        this.temp = dataDir.resolve(FILE_NAME + ".tmp");
        // Records are read through their canonical constructors; derived accessors such as
        // Port.isBound() must not be written, hence fields only.
        this.mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
    }

    /** The file's layout; {@code format} changes when it does. */
    record Document(int format, long version, List<Network> networks, List<Subnet> subnets, List<Port> ports) {
    }

    @Override
    public Optional<Stored> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Document doc = mapper.readValue(file.toFile(), Document.class);
            if (doc.format() != FORMAT) {
                throw new IllegalStateException(file + " has format " + doc.format() + ", expected " + FORMAT);
            }
            return Optional.of(new Stored(NetworkModel.of(doc.networks(), doc.subnets(), doc.ports()), doc.version()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public void save(NetworkModel model, long version) {
        Document doc = new Document(FORMAT, version, List.copyOf(model.networks().values()),
                List.copyOf(model.subnets().values()), List.copyOf(model.ports().values()));
        try {
            byte[] bytes = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Makes the rename itself durable; not every file system lets a directory be opened. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Best effort: the data file itself is already on disk.
        }
    }
}

package dev.muon.controller.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.util.Map;

/** How model records are written as JSON in storage (not the REST form, which northbound owns). */
final class ModelJson {
    private ModelJson() {
    }

    /**
     * The mapper, reading every string through {@code shared}: one copy of each value the rows
     * repeat (project, network, subnet and security group ids, statuses, device owners, hosts)
     * instead of one per row. For a load, with a map that lives as long as the load.
     */
    static ObjectMapper mapper(Map<String, String> shared) {
        SimpleModule strings = new SimpleModule("shared-strings");
        strings.addDeserializer(String.class, new StringDeserializer() {
            @Override
            public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String s = super.deserialize(p, ctxt);
                return s == null ? null : shared.computeIfAbsent(s, k -> k);
            }
        });
        return mapper().registerModule(strings);
    }

    static ObjectMapper mapper() {
        // Records are read through their canonical constructors; derived accessors such as
        // Port.isBound() must not be written, hence fields only. Unknown properties are
        // ignored so that a component removed from a record does not make old rows unreadable.
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
    }
}

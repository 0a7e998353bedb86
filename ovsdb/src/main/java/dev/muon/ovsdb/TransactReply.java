package dev.muon.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.onosproject.ovsdb.rfc.operations.Operation;

/**
 * Reads the result of a {@code transact} (RFC 7047 4.1.3): one element per operation,
 * where a failed operation holds "error" and "details", operations after it are null, and
 * an extra element past the last operation reports a failure at commit (say, a duplicate
 * name or a constraint violation).
 */
final class TransactReply {
    private TransactReply() {
    }

    /** What went wrong, for a log or an exception; null when the transaction committed. */
    static String errors(JsonNode result, List<Operation> ops) {
        if (result == null || !result.isArray()) {
            return "transact reply is not an array: " + result;
        }
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < result.size(); i++) {
            JsonNode r = result.get(i);
            if (r == null || !r.hasNonNull("error")) {
                continue;
            }
            String where = i < ops.size()
                    ? "operation " + i + " (" + ops.get(i).getOp() + " " + ops.get(i).getTableSchema().name() + ")"
                    : "commit";
            String details = r.hasNonNull("details") ? ": " + r.get("details").asText() : "";
            errors.add(where + " failed with " + r.get("error").asText() + details);
        }
        return errors.isEmpty() ? null : String.join("; ", errors);
    }
}

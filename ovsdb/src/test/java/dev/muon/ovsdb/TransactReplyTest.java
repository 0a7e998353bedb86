package dev.muon.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.onosproject.ovsdb.rfc.notation.Row;
import org.onosproject.ovsdb.rfc.operations.Insert;
import org.onosproject.ovsdb.rfc.operations.Operation;
import org.onosproject.ovsdb.rfc.schema.TableSchema;

class TransactReplyTest {

    private static final List<Operation> OPS = List.of(
            new Insert(new TableSchema("Interface", Map.of()), "i1", new Row()),
            new Insert(new TableSchema("Port", Map.of()), "p1", new Row()));

    private static JsonNode json(String text) throws Exception {
        return JsonRpcCodec.MAPPER.readTree(text.replace('\'', '"'));
    }

    @Test
    void committedTransactionHasNoErrors() throws Exception {
        assertNull(TransactReply.errors(json("[{'uuid':['uuid','a']},{'uuid':['uuid','b']}]"), OPS));
    }

    @Test
    void operationAndCommitErrorsAreNamed() throws Exception {
        assertEquals("operation 1 (insert Port) failed with constraint violation: bad tag",
                TransactReply.errors(json("[{},{'error':'constraint violation','details':'bad tag'}]"), OPS));
        assertEquals("commit failed with referential integrity violation",
                TransactReply.errors(json("[{},{},{'error':'referential integrity violation'}]"), OPS));
    }
}

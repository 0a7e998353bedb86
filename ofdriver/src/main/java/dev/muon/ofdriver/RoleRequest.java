package dev.muon.ofdriver;

import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFRoleReply;
import org.projectfloodlight.openflow.types.U64;

/**
 * OFPT_ROLE_REQUEST and its reply. For master and slave the switch compares the generation id
 * with the highest it has seen and refuses a smaller one as stale: a deposed master, whose
 * lease's fencing number is lower than its successor's, cannot take the bridge back.
 */
final class RoleRequest implements PendingRequest {
    private final SwitchConnection conn;
    private final ControllerRole role;
    private final long generationId;
    private final CompletableFuture<Void> future = new CompletableFuture<>();

    RoleRequest(SwitchConnection conn, ControllerRole role, long generationId) {
        this.conn = conn;
        this.role = role;
        this.generationId = generationId;
    }

    CompletableFuture<Void> future() {
        return future;
    }

    void start() {
        long xid = conn.pending().register(this, 1);
        conn.send(conn.factory().buildRoleRequest().setXid(xid).setRole(wire(role))
                .setGenerationId(U64.of(generationId)).build());
    }

    private static OFControllerRole wire(ControllerRole role) {
        return switch (role) {
            case MASTER -> OFControllerRole.ROLE_MASTER;
            case SLAVE -> OFControllerRole.ROLE_SLAVE;
            case EQUAL -> OFControllerRole.ROLE_EQUAL;
        };
    }

    @Override
    public boolean onReply(long xid, Object reply) {
        if (!(reply instanceof OFRoleReply roleReply)) {
            return false;
        }
        // a reply naming another role than asked is not taken as the one asked (the switch decides who is master)
        if (roleReply.getRole() != wire(role)) {
            conn.fail(future, new IllegalStateException(String.format(
                    "switch %016x answered role %s to a request for %s with generation %d",
                    conn.datapathId(), roleReply.getRole(), role, generationId)));
        } else {
            conn.complete(future, null);
        }
        return true;
    }

    @Override
    public boolean onError(OpenFlowErrorException error) {
        conn.fail(future, error.withMessage(String.format("switch %016x refused role %s with generation %d: %s",
                conn.datapathId(), role, generationId, error.getMessage())));
        return true;
    }

    @Override
    public void onDisconnect(SwitchDisconnectedException e) {
        conn.fail(future, e);
    }
}

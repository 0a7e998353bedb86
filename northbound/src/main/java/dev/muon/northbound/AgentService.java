package dev.muon.northbound;

import java.util.List;

/**
 * Neutron's agent API over the nodes Muon knows, and the availability zones those nodes are
 * in (Neutron, too, derives zones from its agents). Agents are an admin's business: other
 * callers see none.
 */
public interface AgentService {

    /** The caller's view of every known node's agent; empty for a non-admin (as Neutron's policy filters it). */
    List<AgentView> list(RequestContext ctx);

    /** @throws NeutronException 404 when there is no such agent or the caller is not an admin */
    AgentView get(RequestContext ctx, String id);

    AgentView update(RequestContext ctx, String id, AgentRequest changes);

    void delete(RequestContext ctx, String id);

    /** The zones of the known nodes, each once per kind of resource it hosts. */
    List<AvailabilityZoneView> availabilityZones(RequestContext ctx);

    /** No node known (a northbound without a controller behind it, in tests). */
    AgentService NONE = new AgentService() {
        @Override
        public List<AgentView> list(RequestContext ctx) {
            return List.of();
        }

        @Override
        public AgentView get(RequestContext ctx, String id) {
            throw AgentJson.notFound(id);
        }

        @Override
        public AgentView update(RequestContext ctx, String id, AgentRequest changes) {
            throw AgentJson.notFound(id);
        }

        @Override
        public void delete(RequestContext ctx, String id) {
            throw AgentJson.notFound(id);
        }

        @Override
        public List<AvailabilityZoneView> availabilityZones(RequestContext ctx) {
            return List.of();
        }
    };
}

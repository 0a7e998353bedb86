package dev.muon.northbound;

/** Neutron's "get me a network": /v2.0/auto-allocated-topology/{project_id}. */
public interface AutoAllocationService {

    /**
     * The project's auto-allocated topology, built on first request. With {@code dryRun} only
     * checks that it could be built and answers id "dry-run=pass".
     *
     * @param projectId the project, or "None" for the caller's own (what clients send without one)
     * @throws NeutronException 409 AutoAllocationFailure when a requirement is not met
     */
    AutoAllocatedTopologyView get(RequestContext ctx, String projectId, boolean dryRun);

    /** Removes the project's topology (router interfaces, router, network); nothing when it has none. */
    void delete(RequestContext ctx, String projectId);
}

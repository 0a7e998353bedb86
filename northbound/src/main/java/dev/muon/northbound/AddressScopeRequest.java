package dev.muon.northbound;

/** The attributes a client sent in an address scope create or update; a null component was not sent. */
public record AddressScopeRequest(String name, String projectId, Integer ipVersion, Boolean shared) {
    public static AddressScopeRequest of(String name, int ipVersion) {
        return new AddressScopeRequest(name, null, ipVersion, null);
    }
}

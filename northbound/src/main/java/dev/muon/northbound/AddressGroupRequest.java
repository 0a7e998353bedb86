package dev.muon.northbound;

import java.util.List;

/**
 * The attributes a client sent in an address group create or update; a null component was not
 * sent. {@code addresses} are as given (validated and normalized by the service).
 */
public record AddressGroupRequest(String name, String description, String projectId, List<String> addresses) {
}

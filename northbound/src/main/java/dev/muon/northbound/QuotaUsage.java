package dev.muon.northbound;

/** One resource of quota_details: the limit, how many the project has, how many are reserved. */
public record QuotaUsage(int limit, int used, int reserved) {
}

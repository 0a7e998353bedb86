package dev.muon.northbound;

/** Neutron's revision-if-match extension: If-Match: revision_number=N. */
final class IfMatch {
    private static final String REVISION_ETAG = "revision_number=";

    private IfMatch() {
    }

    /** The revision an If-Match header requires, or null; other entity tags are not Neutron's and ignored. */
    static Long revisionConstraint(String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        Long revision = null;
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1);
            }
            if (!t.startsWith(REVISION_ETAG)) {
                continue;
            }
            if (revision != null) {
                throw NeutronException.badResourceRequest("if-match",
                        "Multiple revision_number etags are not supported");
            }
            try {
                revision = Long.valueOf(t.substring(REVISION_ETAG.length()));
            } catch (NumberFormatException e) {
                throw NeutronException.badResourceRequest("if-match",
                        "Revision number etag must be in the format of revision_number=<int>");
            }
        }
        return revision;
    }
}

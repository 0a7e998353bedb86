package dev.muon.northbound;

/** When a client may send an attribute, as in Neutron's attribute maps (allow_post / allow_put). */
enum Access {
    /** Shown only; sending it is refused. */
    READ_ONLY,
    /** Settable on create only. */
    CREATE,
    /** Settable on create and on update. */
    CREATE_UPDATE,
    /** Settable on update only (a router's routes). */
    UPDATE
}

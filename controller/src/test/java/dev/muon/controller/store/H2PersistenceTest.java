package dev.muon.controller.store;

/** The model database contract on the embedded default: an H2 file in the data directory. */
class H2PersistenceTest extends PersistenceContract {

    @Override
    DatabaseLocation newDatabase() {
        return DatabaseLocation.h2In(dataDir);
    }
}

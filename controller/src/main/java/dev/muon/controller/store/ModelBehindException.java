package dev.muon.controller.store;

/**
 * A save refused before it wrote anything because another controller on the same database
 * committed since this one last read or wrote: the store catches up and applies its writes again.
 */
final class ModelBehindException extends StoreException {
    ModelBehindException(long known, long inDatabase) {
        super("the model database is at version " + inDatabase + ", this controller knows " + known);
    }
}

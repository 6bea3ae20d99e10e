package dev.vista;

/**
 * How far attaching (or detaching) kernel-function programs has got.
 *
 * @param phase   attaching or detaching
 * @param backend the backend doing it
 * @param done    functions handled so far (attached, or failed and skipped)
 * @param total   functions to handle
 * @param failed  functions that could not be attached and are left out
 */
public record AttachProgress(Phase phase, Backend backend, int done, int total, int failed) {
    public enum Phase {
        ATTACHING,
        DETACHING
    }

    public boolean finished() {
        return done == total;
    }
}

package dev.vista.internal.btf;

import dev.vista.VistaException;

/** A BTF file that cannot be read, or whose contents are truncated or inconsistent. */
public final class BtfException extends VistaException {

    public BtfException(String message) {
        super(message);
    }

    public BtfException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.vista.internal.btf;

import dev.vista.VistaException;
import java.io.Serial;

/** A BTF file that cannot be read, or whose contents are truncated or inconsistent. */
public final class BtfException extends VistaException {
    @Serial
    private static final long serialVersionUID = 1L;


    public BtfException(String message) {
        super(message);
    }

    public BtfException(String message, Throwable cause) {
        super(message, cause);
    }
}

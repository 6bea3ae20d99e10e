package dev.vista.internal.libbpf;

import dev.vista.LibbpfUnavailableException;

/** The libbpf version check: older libraries crash or misbehave with our objects, so refuse them. */
public record LibbpfVersion(int major, int minor) implements Comparable<LibbpfVersion> {
    public static final LibbpfVersion REQUIRED = new LibbpfVersion(1, 0);

    /** The version of the libbpf.so.1 this process loaded. */
    public static LibbpfVersion loaded() {
        return new LibbpfVersion(Libbpf.libbpf_major_version(), Libbpf.libbpf_minor_version());
    }

    /** Throws unless this version is at least {@link #REQUIRED}. */
    public LibbpfVersion requireSupported() {
        if (compareTo(REQUIRED) < 0) {
            throw new LibbpfUnavailableException("libbpf " + this + " is too old: vista needs libbpf " + REQUIRED
                    + " or newer; install it (Debian 12: apt-get install libbpf1)");
        }
        return this;
    }

    @Override
    public int compareTo(LibbpfVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}

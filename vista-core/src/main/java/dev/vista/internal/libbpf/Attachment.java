package dev.vista.internal.libbpf;

/** Something attached in the kernel that closing detaches: a libbpf link or a bare link fd. */
public interface Attachment extends AutoCloseable {
    @Override
    void close();
}

package dev.vista.event;

/**
 * A number, pointer, enum constant, bitfield or character of a decoded kernel struct.
 *
 * @param type  the C type as the kernel's printer names it, e.g. "unsigned int", "struct net_device *"
 * @param kind  how the value is printed
 * @param value the raw value; unsigned 64-bit values above {@link Long#MAX_VALUE} wrap
 *              (use {@link Long#toUnsignedString})
 * @param text  the value as printed: "98", "0x4", "0xffff8881003c2000", "ETH_P_IP", "'a'"
 */
public record KernelScalar(String type, Kind kind, long value, String text) implements KernelValue {

    /** How a scalar is printed, following the kernel's printer. */
    public enum Kind {
        /** A signed integer, in decimal. */
        SIGNED,
        /** An unsigned integer, in decimal. */
        UNSIGNED,
        /** A bitfield or an integer not made of whole bytes, in hex. */
        BITS,
        /** An address, in hex with 16 digits. */
        POINTER,
        /** An enum value that matches one of its constants, printed by the constant's name (even when 0). */
        ENUM,
        /** An element of a char array that is printable, in quotes. */
        CHAR
    }

    /** The kernel shows an enum by name even when it is 0; any other zero is left out. */
    @Override
    public boolean isEmpty() {
        return kind != Kind.ENUM && value == 0;
    }
}

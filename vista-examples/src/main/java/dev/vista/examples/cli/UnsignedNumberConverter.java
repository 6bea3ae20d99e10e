package dev.vista.examples.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Numbers as vista reads its unsigned flags (Go's base 0): decimal, {@code 0x} hex or {@code 0} octal. */
final class UnsignedNumberConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Long.decode(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number: give it in decimal or as 0x hex");
        }
    }
}

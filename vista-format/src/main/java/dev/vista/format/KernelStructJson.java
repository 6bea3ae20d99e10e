package dev.vista.format;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vista.event.KernelArray;
import dev.vista.event.KernelScalar;
import dev.vista.event.KernelStruct;
import dev.vista.event.KernelValue;
import java.io.IOException;

/**
 * A decoded kernel struct (Output.SKB, SHINFO) as a nested JSON object, holding what the kernel's
 * printer shows: zero members are left out; members of anonymous structs and unions appear in their
 * parent's object, as C names them; char arrays are strings, other arrays list every element;
 * pointers are hex strings, enum values their constant's name, numbers beyond 2^53 decimal strings.
 */
final class KernelStructJson {
    private static final long MAX_EXACT_DOUBLE = 1L << 53;

    private KernelStructJson() {
    }

    static void writeField(JsonGenerator json, String name, KernelStruct struct) throws IOException {
        json.writeFieldName(name);
        writeValue(json, struct);
    }

    private static void writeValue(JsonGenerator json, KernelValue value) throws IOException {
        switch (value) {
            case KernelStruct struct -> {
                json.writeStartObject();
                writeMembers(json, struct);
                json.writeEndObject();
            }
            case KernelArray array when array.chars() -> json.writeString(array.string());
            case KernelArray array -> {
                json.writeStartArray();
                for (KernelValue element : array.elements()) {
                    writeValue(json, element);
                }
                json.writeEndArray();
            }
            case KernelScalar scalar -> writeScalar(json, scalar);
        }
    }

    private static void writeMembers(JsonGenerator json, KernelStruct struct) throws IOException {
        for (KernelStruct.Member member : struct.members()) {
            if (member.value().isEmpty()) {
                continue;
            }
            if (member.name().isEmpty() && member.value() instanceof KernelStruct anonymous) {
                writeMembers(json, anonymous);
            } else {
                json.writeFieldName(member.name());
                writeValue(json, member.value());
            }
        }
    }

    private static void writeScalar(JsonGenerator json, KernelScalar scalar) throws IOException {
        switch (scalar.kind()) {
            case POINTER, ENUM -> json.writeString(scalar.text());
            case SIGNED, CHAR -> writeExactNumber(json, scalar.value(), Math.abs(scalar.value()) <= MAX_EXACT_DOUBLE
                    && scalar.value() != Long.MIN_VALUE, Long.toString(scalar.value()));
            case UNSIGNED, BITS -> writeExactNumber(json, scalar.value(),
                    scalar.value() >= 0 && scalar.value() <= MAX_EXACT_DOUBLE, Long.toUnsignedString(scalar.value()));
        }
    }

    /**
     * A number; one beyond +-2^53 (a pointer-sized word such as dev_scratch) as a decimal string, since jq and
     * JavaScript read JSON numbers as doubles and would change its last digits.
     */
    private static void writeExactNumber(JsonGenerator json, long value, boolean exact, String decimal)
            throws IOException {
        if (exact) {
            json.writeNumber(value);
        } else {
            json.writeString(decimal);
        }
    }
}

package dev.vista.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code host.name} and {@code host.id} of this machine, as defaults under what the configuration sets. */
final class HostResource {
    static final AttributeKey<String> HOST_ID = AttributeKey.stringKey("host.id");
    static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private HostResource() {
    }

    static Resource defaults() {
        var attributes = Attributes.builder();
        read(HOSTNAME, HOST_NAME, attributes);
        read(BOOT_ID, HOST_ID, attributes);
        return Resource.create(attributes.build());
    }

    private static void read(Path file, AttributeKey<String> key, io.opentelemetry.api.common.AttributesBuilder into) {
        try {
            into.put(key, Files.readString(file).strip());
        } catch (IOException e) {
            // Not Linux's /proc: the attribute is left to the configuration.
        }
    }
}

package dev.vista;

import java.nio.file.Path;

/**
 * An immutable, validated description of a trace: what to trace, which events to keep, what to record.
 * Made by {@link TracerBuilder#build()}; nothing in it has touched the kernel.
 *
 * @param sources         what to trace
 * @param filters         which events to keep (in the kernel)
 * @param outputs         what events carry, how many are delivered, how time is printed
 * @param ringBufferBytes size of the kernel ring buffer (a power of two)
 * @param kernelBtf       BTF of the running kernel to use instead of /sys/kernel/btf/vmlinux, or null
 * @param kernelIndexCache where the indexes made from the kernel's BTF and function lists are kept between runs,
 *                        or null to make them anew each time
 */
public record TracePlan(Sources sources, Filters filters, Outputs outputs, int ringBufferBytes, Path kernelBtf,
        Path kernelIndexCache) {
}

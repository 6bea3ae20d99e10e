package dev.vista.internal.libbpf;

import static dev.vista.internal.libbpf.LibbpfLayouts.BPF_LINK_INFO_KPROBE_MULTI;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.vista.internal.libc.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/** An attachment ({@code struct bpf_link *}); closing detaches it. */
public final class BpfLink implements Attachment {
    private final String programName;
    private MemorySegment link;

    BpfLink(String programName, MemorySegment link) {
        this.programName = programName;
        this.link = link;
    }

    public String programName() {
        return programName;
    }

    /**
     * For a kprobe-multi link of {@code count} functions: where each function starts, as the kernel found it by
     * name, mapped to the cookie it was attached with. Empty when the kernel does not tell: before Linux 6.9,
     * whose link info gained the cookies, or when the addresses are hidden (kptr_restrict). The cookies attached with
     * must not be 0: a 0 is how an older kernel's answer shows that it left them out.
     */
    public Map<Long, Long> kprobeMultiCookies(int count) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment info = call.allocate(BPF_LINK_INFO_KPROBE_MULTI);
            MemorySegment addresses = call.allocate(JAVA_LONG, count);
            MemorySegment cookies = call.allocate(JAVA_LONG, count);
            info.set(JAVA_LONG, NativeCalls.offset(BPF_LINK_INFO_KPROBE_MULTI, "addrs"), addresses.address());
            info.set(JAVA_INT, NativeCalls.offset(BPF_LINK_INFO_KPROBE_MULTI, "count"), count);
            info.set(JAVA_LONG, NativeCalls.offset(BPF_LINK_INFO_KPROBE_MULTI, "cookies"), cookies.address());
            MemorySegment length = call.allocateFrom(JAVA_INT, (int) BPF_LINK_INFO_KPROBE_MULTI.byteSize());
            if (Libbpf.bpf_obj_get_info_by_fd(Libbpf.bpf_link__fd(link), info, length) != 0
                    || info.get(JAVA_INT, NativeCalls.offset(BPF_LINK_INFO_KPROBE_MULTI, "count")) != count) {
                return Map.of();
            }
            long[] addressArray = addresses.toArray(JAVA_LONG); // bulk copies: thousands of functions
            long[] cookieArray = cookies.toArray(JAVA_LONG);
            Map<Long, Long> byAddress = new HashMap<>(2 * count);
            for (int i = 0; i < count; i++) {
                if (addressArray[i] == 0 || cookieArray[i] == 0) {
                    return Map.of(); // hidden addresses, or a kernel that leaves the cookies out
                }
                byAddress.put(addressArray[i], cookieArray[i]);
            }
            return byAddress;
        }
    }

    @Override
    public void close() {
        if (link != null) {
            int rc = Libbpf.bpf_link__destroy(link);
            link = null;
            if (rc < 0) {
                throw new LibbpfException("detaching program " + programName, -rc);
            }
        }
    }
}

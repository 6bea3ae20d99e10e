package dev.vista;

/**
 * How kernel functions are traced. Which ones work depends on the kernel, so {@link #AUTO} probes
 * (loads and attaches a tiny program of each) and picks the fastest that works.
 */
public enum Backend {
    /** The fastest backend this kernel supports: kprobe-multi, then fentry, then kprobe. */
    AUTO("auto", null),
    /** One link for all functions (CONFIG_FPROBE; Linux 6.2+ for the kfunc its program uses): fastest to attach. */
    KPROBE_MULTI("kprobe-multi", "kprobe-multi links (CONFIG_FPROBE) and Linux 6.2+"),
    /** A BPF trampoline per function (CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS): cheapest per event. */
    FENTRY("fentry", "BPF trampolines for fentry (CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS and a kernel that allows them)"),
    /** A kprobe per function (CONFIG_KPROBES; Linux 6.2+ for the kfunc its programs use): slow to attach in bulk. */
    KPROBE("kprobe", "kprobes (CONFIG_KPROBES) and Linux 6.2+");

    private final String shortName;
    private final String kernelFeature;

    Backend(String shortName, String kernelFeature) {
        this.shortName = shortName;
        this.kernelFeature = kernelFeature;
    }

    /** The backend's usual name, as pwru and vista spell it: auto, kprobe-multi, fentry, kprobe. */
    public String shortName() {
        return shortName;
    }

    /** What the kernel must provide for this backend, for error messages. */
    public String kernelFeature() {
        return kernelFeature;
    }

    public static Backend parse(String name) {
        for (Backend backend : values()) {
            if (backend.shortName.equalsIgnoreCase(name) || backend.name().equalsIgnoreCase(name)) {
                return backend;
            }
        }
        throw new InvalidPlanException("unknown backend '" + name + "': use auto, kprobe-multi, fentry or kprobe");
    }
}

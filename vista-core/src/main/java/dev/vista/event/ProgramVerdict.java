package dev.vista.event;

/**
 * What a TC or XDP program returned, by the kernel's name for it: {@code TC_ACT_OK}, {@code TC_ACT_SHOT},
 * {@code TC_ACT_REDIRECT}, ... for TC, {@code XDP_PASS}, {@code XDP_DROP}, {@code XDP_TX}, {@code XDP_REDIRECT},
 * {@code XDP_ABORTED} for XDP. These are the kernel's UAPI values ({@code linux/pkt_cls.h}, {@code linux/bpf.h}),
 * the same on every kernel; a value without a name is named by its number ({@code TC_ACT_42}).
 *
 * @param type  the kind of program that returned it
 * @param value the program's return value
 * @param name  the kernel's constant for it
 */
public record ProgramVerdict(PacketProgramType type, int value, String name) {
    // TC_ACT_UNSPEC (-1) is the first: indexed by value + 1.
    private static final String[] TC_NAMES = {"TC_ACT_UNSPEC", "TC_ACT_OK", "TC_ACT_RECLASSIFY", "TC_ACT_SHOT",
        "TC_ACT_PIPE", "TC_ACT_STOLEN", "TC_ACT_QUEUED", "TC_ACT_REPEAT", "TC_ACT_REDIRECT", "TC_ACT_TRAP"};
    private static final String[] XDP_NAMES = {"XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT"};
    private static final ProgramVerdict[] TC = named(PacketProgramType.TC, TC_NAMES, -1);
    private static final ProgramVerdict[] XDP = named(PacketProgramType.XDP, XDP_NAMES, 0);

    private static ProgramVerdict[] named(PacketProgramType type, String[] names, int first) {
        ProgramVerdict[] verdicts = new ProgramVerdict[names.length];
        for (int i = 0; i < names.length; i++) {
            verdicts[i] = new ProgramVerdict(type, first + i, names[i]);
        }
        return verdicts;
    }

    /** The verdict {@code value} of a program of {@code type}; named ones are shared instances (no allocation). */
    public static ProgramVerdict of(PacketProgramType type, int value) {
        ProgramVerdict[] named = type == PacketProgramType.TC ? TC : XDP;
        int index = value - named[0].value;
        if (index >= 0 && index < named.length) {
            return named[index];
        }
        return new ProgramVerdict(type, value, (type == PacketProgramType.TC ? "TC_ACT_" : "XDP_") + value);
    }
}

package dev.vista.internal.netfilter;

import dev.vista.event.NetfilterTable;
import dev.vista.internal.attach.Attachments;
import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.libbpf.BpfMap;
import dev.vista.internal.libbpf.BpfObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The function way of a trace (netfilter_functions.bpf.c): a kprobe on the entry and a kretprobe on the return of
 * each table function the kernel has, and the tables numbered by their family, hook, name and nftables chain, which
 * the entry looks the running table up by. Kprobes see every network namespace at once.
 *
 * @param tables    the tables to report, numbered as the BPF side records them
 * @param functions the table functions this kernel has (name to address)
 */
public record NetfilterFunctions(List<NetfilterTable> tables, Map<String, Long> functions) implements NetfilterWatch {
    /** The legacy tables' functions (priv = struct xt_table *, skb, state) with the modules that may hold them. */
    private static final Map<String, String> XT_FUNCTIONS = Map.of(
            "ipt_do_table", "ip_tables", "ip6t_do_table", "ip6_tables", "arpt_do_table", "arp_tables");
    /** nftables' function (pkt, priv = struct nft_chain *). */
    private static final String NFT_FUNCTION = "nft_do_chain";
    private static final String NFT_MODULE = "nf_tables";
    private static final String XT_ENTRY = "vista_nff_xt_entry";
    private static final String NFT_ENTRY = "vista_nff_nft_entry";
    private static final String RETURN = "vista_nff_return";
    /** NF_NAME_LEN and sizeof(struct nf_func_table_key) of netfilter_functions.bpf.c. */
    private static final int NAME_LEN = 32;
    private static final int KEY_SIZE = 4 + 2 * NAME_LEN;

    public NetfilterFunctions {
        tables = List.copyOf(tables);
        functions = Map.copyOf(functions);
        if (tables.size() > 0xffff) {
            throw new IllegalArgumentException(tables.size() + " netfilter tables, at most " + 0xffff);
        }
    }

    /** The table functions of {@code symbols} (in the kernel image or their modules, when loaded). */
    public static NetfilterFunctions find(List<NetfilterTable> tables, KernelSymbols symbols) {
        Map<String, String> modules = new LinkedHashMap<>(XT_FUNCTIONS);
        modules.put(NFT_FUNCTION, NFT_MODULE);
        Map<String, Long> found = new LinkedHashMap<>();
        modules.forEach((function, module) -> {
            OptionalLong address = symbols.textAddress(function, null);
            (address.isPresent() ? address : symbols.textAddress(function, module))
                    .ifPresent(at -> found.put(function, at));
        });
        return new NetfilterFunctions(tables, found);
    }

    /** Before load: keeps the entry programs of the functions there are (their CO-RE reads need their types). */
    public void prepare(BpfObject object) {
        object.program(XT_ENTRY).setAutoload(XT_FUNCTIONS.keySet().stream().anyMatch(functions::containsKey));
        object.program(NFT_ENTRY).setAutoload(functions.containsKey(NFT_FUNCTION));
    }

    /** After load: the numbering the entry looks tables up in. */
    public void loaded(BpfObject object) {
        BpfMap numbering = object.map("nf_func_tables");
        for (int i = 0; i < tables.size(); i++) {
            numbering.update(key(tables.get(i)), ByteBuffer.allocate(2).order(ByteOrder.nativeOrder())
                    .putShort((short) i).array());
        }
    }

    /** Attaches the entry and the return of each function; on failure, undoes what it did. */
    public List<Attachment> attach(BpfObject object) {
        return Attachments.allOrNone(links -> functions.forEach((function, address) -> {
            String entry = function.equals(NFT_FUNCTION) ? NFT_ENTRY : XT_ENTRY;
            links.add(object.program(entry).attachKprobe(address, function, false));
            links.add(object.program(RETURN).attachKprobe(address, function, true));
        }));
    }

    /** struct nf_func_table_key: family, hook, 2 bytes of padding, the table's name, the chain's (or zeros). */
    static byte[] key(NetfilterTable table) {
        ByteBuffer key = ByteBuffer.allocate(KEY_SIZE);
        key.put((byte) table.family().value()).put((byte) table.hookValue()).put(new byte[2]);
        key.put(name(table.table())).put(name(table.chain() == null ? "" : table.chain()));
        return key.array();
    }

    /** A name as the kernel's char[32] holds it: NUL-terminated, cut to 31 bytes as the BPF side reads it. */
    private static byte[] name(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] field = new byte[NAME_LEN];
        System.arraycopy(bytes, 0, field, 0, Math.min(bytes.length, NAME_LEN - 1));
        return field;
    }
}

package dev.vista.internal.netfilter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An nftables base chain as {@code nft -j list chains} prints it: the chain objects that have a hook.
 * The chain objects hold only scalars, so each is matched as a whole and its members picked by name.
 *
 * @param family   ip, ip6, inet, arp, bridge, netdev
 * @param hook     prerouting, input, forward, output, postrouting, ingress, egress
 * @param priority the chain's numeric priority
 */
record NftBaseChain(String family, String table, String chain, String hook, int priority) {
    private static final Pattern CHAIN = Pattern.compile("\\{\"chain\":\\s*\\{([^{}]*)}}");

    static List<NftBaseChain> parse(String json) {
        List<NftBaseChain> chains = new ArrayList<>();
        Matcher chain = CHAIN.matcher(json);
        while (chain.find()) {
            String members = chain.group(1);
            String hook = string(members, "hook");
            if (hook != null) {
                chains.add(new NftBaseChain(string(members, "family"), string(members, "table"),
                        string(members, "name"), hook, Integer.parseInt(number(members, "prio"))));
            }
        }
        return chains;
    }

    private static String string(String members, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(members);
        return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null;
    }

    private static String number(String members, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\s*(-?\\d+)").matcher(members);
        if (!m.find()) {
            throw new IllegalArgumentException("nft chain without a numeric " + name + ": {" + members + "}");
        }
        return m.group(1);
    }
}

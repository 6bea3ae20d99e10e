package dev.vista;

import dev.vista.internal.kernel.NetworkInterfaces;
import java.util.List;
import java.util.Optional;

/**
 * An interface filter checked against the interfaces that exist, before tracing: a name that matches
 * nothing would trace nothing, which looks like "no traffic".
 */
final class IfnameCheck {
    private IfnameCheck() {
    }

    /**
     * Throws {@link InvalidPlanException} when the namespace filtered on ({@code netnsInode}, 0 for none) has no
     * interface of that name. Without a namespace filter, an interface of that name may exist in another
     * namespace: then it returns a warning when the tracer's own namespace has none.
     */
    static Optional<String> check(String ifname, long netnsInode) {
        if (netnsInode == 0) {
            List<String> own = NetworkInterfaces.inCurrentNamespace();
            return own.contains(ifname) ? Optional.empty()
                    : Optional.of("no interface named '" + ifname + "' in this network namespace (it has: "
                            + String.join(", ", own) + "); only packets on an interface of that name in another"
                            + " namespace will match");
        }
        Optional<List<String>> filtered = NetworkInterfaces.inNamespace(netnsInode);
        if (filtered.isEmpty()) {
            return Optional.of("cannot list the interfaces of network namespace " + netnsInode
                    + " (no file in /run/netns or /proc refers to it) to check interface '" + ifname + "'");
        }
        if (!filtered.get().contains(ifname)) {
            throw new InvalidPlanException("no interface named '" + ifname + "' in network namespace " + netnsInode
                    + ": it has " + String.join(", ", filtered.get()) + "; filter on one of those");
        }
        return Optional.empty();
    }
}

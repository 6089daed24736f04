package io.tradewind.runtime.flow.http;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which addresses an outbound call may reach (ADR 0018): it resolves the host once and
 * refuses the call if ANY of its addresses is internal (loopback, unspecified, private, shared
 * CGNAT, link-local, unique-local, site-local, multicast, broadcast, documentation, benchmarking
 * and other reserved ranges, and the IPv4-mapped, -compatible, NAT64 and 6to4 forms of these), or a
 * cloud metadata address. The caller then connects to the address answered here, so a second DNS
 * answer (rebinding) cannot move the call elsewhere. Hosts named in
 * {@code tradewind.http.allowed-hosts} may resolve to internal addresses, never to a metadata
 * address.
 */
public final class AddressGuard {
    /** Metadata services of cloud providers; refused even for allowed hosts. */
    private static final List<Cidr> METADATA = List.of(Cidr.of("169.254.169.254/32"), Cidr.of("169.254.170.2/32"),
            Cidr.of("100.100.100.200/32"), Cidr.of("fd00:ec2::254/128"));
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog",
            "metadata");
    private static final List<Range> V4 = List.of(new Range("0.0.0.0/8", "unspecified"), new Range("10.0.0.0/8",
            "private"), new Range("100.64.0.0/10", "shared (CGNAT)"), new Range("127.0.0.0/8", "loopback"),
            new Range("169.254.0.0/16", "link-local"), new Range("172.16.0.0/12", "private"), new Range(
                    "192.0.0.0/24", "reserved (IETF protocol assignments)"),
            new Range("192.0.2.0/24", "reserved (documentation)"), new Range("192.88.99.0/24",
                    "reserved (6to4 relay)"),
            new Range("192.168.0.0/16", "private"), new Range("198.18.0.0/15", "reserved (benchmarking)"), new Range(
                    "198.51.100.0/24", "reserved (documentation)"),
            new Range("203.0.113.0/24", "reserved (documentation)"), new Range("224.0.0.0/4", "multicast"), new Range(
                    "240.0.0.0/4", "reserved (incl. broadcast)"));
    private static final List<Range> V6 = List.of(new Range("::/128", "unspecified"), new Range("::1/128", "loopback"),
            new Range("::/96", "IPv4-compatible"), new Range("64:ff9b:1::/48", "reserved (local NAT64)"), new Range(
                    "100::/64", "reserved (discard)"),
            new Range("2001::/23", "reserved (IETF protocol assignments)"), new Range("2001:db8::/32",
                    "reserved (documentation)"),
            new Range("3fff::/20", "reserved (documentation)"), new Range("5f00::/16", "reserved (SRv6)"), new Range(
                    "fc00::/7", "unique-local"),
            new Range("fe80::/10", "link-local"), new Range("fec0::/10", "site-local"), new Range("ff00::/8",
                    "multicast"));
    private static final Cidr NAT64 = Cidr.of("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.of("2002::/16");
    private static final Cidr COMPATIBLE = Cidr.of("::/96");

    private final Set<String> allowedHosts;

    /** A guard that lets {@code allowedHosts} (host names as in URLs) reach internal addresses. */
    public AddressGuard(Collection<String> allowedHosts) {
        Set<String> s = new TreeSet<>();
        for (String h : allowedHosts) {
            if (h != null && !h.isBlank()) {
                s.add(normalize(h));
            }
        }
        this.allowedHosts = Set.copyOf(s);
    }

    /**
     * Resolves {@code host} (BLOCKING: call it off the event loop) and answers the address to connect
     * to; fails with {@code HTTP_ADDRESS_REFUSED} naming the host and the address when any resolved
     * address is refused, {@code HTTP_HOST_UNKNOWN} when it does not resolve.
     */
    public InetAddress resolve(String host) {
        String name = normalize(host);
        if (METADATA_NAMES.contains(name)) {
            throw refused(host, name, "a cloud metadata service");
        }
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            throw new HttpCallFailed("HTTP_HOST_UNKNOWN", "The host " + host + " does not resolve.");
        }
        boolean allowed = allowedHosts.contains(name);
        for (InetAddress a : all) {
            if (metadata(a)) {
                throw refused(host, a.getHostAddress(), "a cloud metadata service");
            }
            String why = internal(a);
            if (why != null && !allowed) {
                throw refused(host, a.getHostAddress(), why);
            }
        }
        return all[0];
    }

    /** Why {@code a} is internal ("loopback", "private" …), or null for a public address. */
    public static String internal(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return internalV4(b);
        }
        if (b.length == 16 && isMapped(b)) {
            return internalV4(embedded(b, 12));
        }
        if (NAT64.contains(b)) {
            String why = internalV4(embedded(b, 12));
            return why == null ? null : why + " (NAT64 form)";
        }
        if (SIX_TO_FOUR.contains(b)) {
            String why = internalV4(embedded(b, 2));
            return why == null ? null : why + " (6to4 form)";
        }
        for (Range r : V6) {
            if (r.cidr().contains(b)) {
                String v4 = r.reason().equals("IPv4-compatible") ? internalV4(embedded(b, 12)) : null;
                return v4 != null ? v4 + " (IPv4-compatible form)" : r.reason();
            }
        }
        return null;
    }

    private static String internalV4(byte[] b) {
        for (Range r : V4) {
            if (r.cidr().contains(b)) {
                return r.reason();
            }
        }
        return null;
    }

    private static boolean metadata(InetAddress a) {
        byte[] b = a.getAddress();
        byte[] v4 = b.length == 4
                ? b
                : isMapped(b) || COMPATIBLE.contains(b) || NAT64.contains(b)
                        ? embedded(b,
                                12)
                        : SIX_TO_FOUR.contains(b) ? embedded(b, 2) : null;
        for (Cidr c : METADATA) {
            if (c.contains(b) || (v4 != null && c.contains(v4))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static byte[] embedded(byte[] b, int from) {
        return new byte[]{b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    /** Lower case, without IPv6 brackets and a trailing dot. */
    static String normalize(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    private static HttpCallFailed refused(String host, String address, String why) {
        return new HttpCallFailed("HTTP_ADDRESS_REFUSED", "Calls to " + host + " are refused: it resolves to "
                + address + ", which is " + why + ". Hosts inside the network are opened with"
                + " tradewind.http.allowed-hosts.");
    }

    private record Range(Cidr cidr, String reason) {
        Range(String cidr, String reason) {
            this(Cidr.of(cidr), reason);
        }
    }

    /** An address block. */
    private record Cidr(byte[] network, int bits) {
        static Cidr of(String s) {
            int slash = s.indexOf('/');
            try {
                return new Cidr(InetAddress.getByName(s.substring(0, slash)).getAddress(), Integer.parseInt(s
                        .substring(slash + 1)));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(s, e);
            }
        }

        boolean contains(byte[] a) {
            if (a.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}

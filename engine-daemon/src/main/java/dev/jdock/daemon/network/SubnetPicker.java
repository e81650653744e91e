package dev.jdock.daemon.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Docker's default address pools: 172.17.0.0/16 … 172.31.0.0/16, then 192.168.0.0/20 … 192.168.240.0/20; the
 * first one that overlaps neither an existing network nor a host route. Pure.
 */
public final class SubnetPicker {
    private SubnetPicker() {
    }

    public static List<Subnet> pools() {
        List<Subnet> out = new ArrayList<>();
        for (int b = 17; b <= 31; b++) {
            out.add(new Subnet(Ipv4.parse("172." + b + ".0.0"), 16));
        }
        for (int c = 0; c < 256; c += 16) {
            out.add(new Subnet(Ipv4.parse("192.168." + c + ".0"), 20));
        }
        return out;
    }

    public static Optional<Subnet> pick(Collection<Subnet> taken) {
        for (Subnet s : pools()) {
            if (taken.stream().noneMatch(t -> t.overlaps(s))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

package dev.jdock.daemon.network.netlink;

import java.util.function.Function;

/** {@link Netlink} on the kernel: {@link RtNetlink} sockets, opened in another netns through {@link Netns#run}. */
public final class LinuxNetlink implements Netlink {
    @Override
    public Session open() {
        return RtNetlink.open();
    }

    @Override
    public <T> T inNetns(String nsPath, Function<Session, T> work) {
        return Netns.run(nsPath, () -> {
            try (RtNetlink rt = RtNetlink.open()) {
                return work.apply(rt);
            }
        });
    }
}

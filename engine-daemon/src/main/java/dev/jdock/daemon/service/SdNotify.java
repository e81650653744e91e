package dev.jdock.daemon.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3) for {@code Type=notify}: {@code READY=1} once the API serves and the restore is done,
 * {@code STATUS=} lines while restoring, {@code RELOADING=1} with {@code MONOTONIC_USEC=} (CLOCK_MONOTONIC) at a
 * reload and {@code READY=1} after it, {@code STOPPING=1} at shutdown. Each message is one datagram to the UNIX socket
 * named by {@code NOTIFY_SOCKET} (a path, or an abstract name written with a leading '@'); without that variable
 * nothing is sent. A failed send is logged, never fatal: systemd's supervision is a convenience, not a dependency.
 */
public final class SdNotify {
    private static final Logger LOG = LoggerFactory.getLogger(SdNotify.class);
    /** Sends nothing (NOTIFY_SOCKET unset). */
    public static final SdNotify NONE = new SdNotify(null, null);

    /** Sends one datagram to a UNIX socket address (the sun_path bytes: a leading NUL for an abstract name). */
    @FunctionalInterface
    public interface Transport {
        void send(byte[] address, byte[] message) throws IOException;
    }

    private final byte[] address;
    private final Transport transport;

    SdNotify(byte[] address, Transport transport) {
        this.address = address;
        this.transport = transport;
    }

    /** From {@code NOTIFY_SOCKET} in {@code env}, sending through {@code transport}; {@link #NONE} when unset or bad. */
    public static SdNotify fromEnvironment(Map<String, String> env, Transport transport) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return NONE;
        }
        try {
            return new SdNotify(address(socket), transport);
        } catch (IllegalArgumentException e) {
            LOG.warn("not notifying systemd: {}", e.getMessage());
            return NONE;
        }
    }

    /** The sun_path bytes of a NOTIFY_SOCKET value: '@' stands for the NUL of an abstract name. */
    static byte[] address(String socket) {
        if (!socket.startsWith("/") && !socket.startsWith("@")) {
            throw new IllegalArgumentException("NOTIFY_SOCKET must be an absolute path or start with '@': " + socket);
        }
        byte[] b = socket.getBytes(StandardCharsets.UTF_8);
        if (b.length > 108) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is longer than sun_path: " + socket);
        }
        if (b[0] == '@') {
            b[0] = 0;
        }
        return b;
    }

    public boolean enabled() {
        return address != null;
    }

    /** READY=1, with the status shown by {@code systemctl status}. */
    public void ready(String status) {
        send(message("READY=1", status));
    }

    /** STATUS=: what a long start is doing. */
    public void status(String status) {
        send(message(null, status));
    }

    /** RELOADING=1 and the time of the reload request on CLOCK_MONOTONIC, as systemd wants them together. */
    public void reloading(long monotonicMicros) {
        send("RELOADING=1\nMONOTONIC_USEC=" + monotonicMicros + "\n");
    }

    public void stopping(String status) {
        send(message("STOPPING=1", status));
    }

    /** A state line and a STATUS= line (newline-free: systemd reads one variable per line). */
    static String message(String state, String status) {
        StringBuilder sb = new StringBuilder();
        if (state != null) {
            sb.append(state).append('\n');
        }
        if (status != null) {
            sb.append("STATUS=").append(status.replace('\n', ' ')).append('\n');
        }
        return sb.toString();
    }

    private void send(String message) {
        if (address == null) {
            return;
        }
        try {
            transport.send(address, message.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.warn("sd_notify {}: {}", message.trim().replace('\n', ' '), e.toString());
        }
    }
}

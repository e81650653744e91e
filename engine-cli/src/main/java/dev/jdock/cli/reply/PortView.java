package dev.jdock.cli.reply;

import dev.jdock.api.types.container.Port;
import java.util.ArrayList;
import java.util.List;

/** One published or exposed port of a container summary ({@link Port}). */
@ViewOf(Port.class)
public final class PortView extends JsonView {
    static final String IP = "IP";
    static final String PRIVATE_PORT = "PrivatePort";
    static final String PUBLIC_PORT = "PublicPort";
    static final String TYPE = "Type";

    PortView(Object json) {
        super(json);
    }

    static List<PortView> listOf(List<Object> array) {
        List<PortView> out = new ArrayList<>(array.size());
        for (Object o : array) {
            out.add(new PortView(o));
        }
        return out;
    }

    public String ip() {
        return str(IP);
    }

    public long privatePort() {
        return num(PRIVATE_PORT);
    }

    /** The host port, 0 when the port is only exposed. */
    public long publicPort() {
        return num(PUBLIC_PORT);
    }

    /** {@code tcp}, {@code udp} or {@code sctp}. */
    public String type() {
        return str(TYPE);
    }
}

package dev.jdock.cli.command.system;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.client.EngineClient;
import dev.jdock.cli.context.EndpointResolver;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.format.MiniJson;
import dev.jdock.cli.reply.SystemInfoView;
import dev.jdock.cli.reply.SystemVersionView;
import dev.jdock.cli.reply.SystemVersionView.EngineDetails;
import java.io.IOException;
import java.util.Map;

/** {@code version} and {@code info}, rendered like the docker CLI (info: a subset). */
public final class SystemCommands {
    public static final Args.Spec VERSION = new Args.Spec("version")
            .option("f", "format", "string", Args.FORMAT_HELP);
    public static final Args.Spec INFO = new Args.Spec("info")
            .option("f", "format", "string", Args.FORMAT_HELP);

    private SystemCommands() {
    }

    public static int version(Cli cli, Args a) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("Client:\n");
        kv(sb, 1, "Version:", EngineClient.clientVersion());
        String server = null;
        IOException failure = null;
        try {
            ApiVersion v = cli.client().negotiate();
            server = new String(cli.client().getBytes("/version"), java.nio.charset.StandardCharsets.UTF_8);
            kv(sb, 1, "API version:", v + (v.equals(ApiVersion.MAX) ? "" : " (downgraded from " + ApiVersion.MAX + ")"));
        } catch (IOException e) {
            kv(sb, 1, "API version:", ApiVersion.MAX.toString());
            failure = e;
        }
        kv(sb, 1, "Java version:", System.getProperty("java.version"));
        kv(sb, 1, "OS/Arch:", "linux/" + goArch(System.getProperty("os.arch")));
        if (server != null) {
            renderServer(sb, new SystemVersionView(MiniJson.parse(server.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8))));
        }
        cli.out().print(sb);
        if (failure != null) {
            throw failure;
        }
        return 0;
    }

    static void renderServer(StringBuilder sb, SystemVersionView v) {
        sb.append("\nServer:");
        String platform = v.platformName();
        sb.append(platform.isEmpty() ? "" : " " + platform).append('\n');
        for (SystemVersionView.Component comp : v.components()) {
            String name = comp.name();
            sb.append(' ').append(name).append(":\n");
            kv(sb, 2, "Version:", comp.version());
            if (name.equals("Engine")) {
                kv(sb, 2, "API version:", comp.detail(EngineDetails.API_VERSION) + " (minimum version "
                        + comp.detail(EngineDetails.MIN_API_VERSION) + ")");
                kv(sb, 2, "Go version:", comp.detail(EngineDetails.GO_VERSION));
                kv(sb, 2, "Git commit:", comp.detail(EngineDetails.GIT_COMMIT));
                kv(sb, 2, "Built:", comp.detail(EngineDetails.BUILD_TIME));
                kv(sb, 2, "OS/Arch:", comp.detail(EngineDetails.OS) + "/" + comp.detail(EngineDetails.ARCH));
                kv(sb, 2, "Experimental:", comp.detail(EngineDetails.EXPERIMENTAL));
            } else {
                // a loop, not a lambda: an untrained lambda's bootstrap costs a short-lived CLI ~10 ms
                for (Map.Entry<String, Object> e : comp.details().entrySet()) {
                    kv(sb, 2, e.getKey() + ":", String.valueOf(e.getValue()));
                }
            }
        }
    }

    /** Go's {@code text/tabwriter} alignment as used by {@code docker version}: values start at column 19. */
    private static void kv(StringBuilder sb, int indent, String key, String value) {
        String k = " ".repeat(indent) + key;
        sb.append(k).append(" ".repeat(Math.max(1, 19 - k.length()))).append(value).append('\n');
    }

    static String goArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> javaArch;
        };
    }

    public static int info(Cli cli, Args a) throws IOException {
        SystemInfoView i = new SystemInfoView(MiniJson.parse(cli.client().getBytes("/info")));
        cli.out().print(renderInfo(i, cli.client().host().toString(), contextName(cli)));
        for (String w : i.warnings()) {
            cli.err().println(w);
        }
        return 0;
    }

    /** The context the client was resolved from, as docker's info prints it. */
    private static String contextName(Cli cli) {
        try {
            return new EndpointResolver(cli.options(), cli.env()).contextName();
        } catch (IOException e) {
            return "default";
        }
    }

    static String renderInfo(SystemInfoView i, String host) {
        return renderInfo(i, host, "default");
    }

    static String renderInfo(SystemInfoView i, String host, String context) {
        StringBuilder sb = new StringBuilder();
        sb.append("Client:\n Version:    ").append(EngineClient.clientVersion()).append("\n Context:    ")
                .append(context).append('\n')
                .append(" Debug Mode: false\n\nServer:\n");
        line(sb, " Containers: ", i.containers());
        line(sb, "  Running: ", i.containersRunning());
        line(sb, "  Paused: ", i.containersPaused());
        line(sb, "  Stopped: ", i.containersStopped());
        line(sb, " Images: ", i.images());
        line(sb, " Server Version: ", i.serverVersion());
        line(sb, " Storage Driver: ", i.driver());
        for (String[] p : i.driverStatus()) {
            line(sb, "  " + p[0] + ": ", p[1]);
        }
        line(sb, " Logging Driver: ", i.loggingDriver());
        line(sb, " Cgroup Driver: ", i.cgroupDriver());
        line(sb, " Cgroup Version: ", i.cgroupVersion());
        line(sb, " Runtimes: ", String.join(" ", i.runtimeNames()));
        line(sb, " Default Runtime: ", i.defaultRuntime());
        line(sb, " Swarm: ", i.swarmState());
        line(sb, " Kernel Version: ", i.kernelVersion());
        line(sb, " Operating System: ", i.operatingSystem());
        line(sb, " OSType: ", i.osType());
        line(sb, " Architecture: ", i.architecture());
        line(sb, " CPUs: ", i.ncpu());
        line(sb, " Total Memory: ", binarySize(i.memTotal()));
        line(sb, " Name: ", i.name());
        line(sb, " ID: ", i.id());
        line(sb, " Docker Root Dir: ", i.dockerRootDir());
        line(sb, " Debug Mode: ", i.debug());
        line(sb, " Experimental: ", i.experimentalBuild());
        line(sb, " Live Restore Enabled: ", i.liveRestoreEnabled());
        sb.append(" Host: ").append(host).append('\n');
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, Object value) {
        sb.append(key).append(value).append('\n');
    }

    /** go-units {@code BytesSize}: binary units, {@code %.4g}, e.g. "23.47GiB". */
    public static String binarySize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double s = bytes;
        int u = 0;
        while (s >= 1024 && u < units.length - 1) {
            s /= 1024;
            u++;
        }
        String num = new java.math.BigDecimal(s).round(new java.math.MathContext(4)).stripTrailingZeros()
                .toPlainString();
        return num + units[u];
    }
}

package dev.jdock.cli.command.system;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.client.EngineClient;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.format.MiniJson;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code version} and {@code info}, rendered like the docker CLI (info: a subset). */
public final class SystemCommands {
    public static final Args.Spec VERSION = new Args.Spec("version").option("f", "format");
    public static final Args.Spec INFO = new Args.Spec("info").option("f", "format");

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
            renderServer(sb, MiniJson.parse(server.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        cli.out().print(sb);
        if (failure != null) {
            throw failure;
        }
        return 0;
    }

    static void renderServer(StringBuilder sb, Object v) {
        sb.append("\nServer:");
        String platform = MiniJson.str(MiniJson.obj(v, "Platform"), "Name");
        sb.append(platform.isEmpty() ? "" : " " + platform).append('\n');
        for (Object comp : MiniJson.list(v, "Components")) {
            String name = MiniJson.str(comp, "Name");
            Map<String, Object> d = MiniJson.obj(comp, "Details");
            sb.append(' ').append(name).append(":\n");
            kv(sb, 2, "Version:", MiniJson.str(comp, "Version"));
            if (name.equals("Engine")) {
                kv(sb, 2, "API version:", MiniJson.str(d, "ApiVersion") + " (minimum version "
                        + MiniJson.str(d, "MinAPIVersion") + ")");
                kv(sb, 2, "Go version:", MiniJson.str(d, "GoVersion"));
                kv(sb, 2, "Git commit:", MiniJson.str(d, "GitCommit"));
                kv(sb, 2, "Built:", MiniJson.str(d, "BuildTime"));
                kv(sb, 2, "OS/Arch:", MiniJson.str(d, "Os") + "/" + MiniJson.str(d, "Arch"));
                kv(sb, 2, "Experimental:", MiniJson.str(d, "Experimental"));
            } else {
                // a loop, not a lambda: an untrained lambda's bootstrap costs a short-lived CLI ~10 ms
                for (Map.Entry<String, Object> e : d.entrySet()) {
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
        Object i = MiniJson.parse(cli.client().getBytes("/info"));
        cli.out().print(renderInfo(i, cli.client().host().toString()));
        for (Object w : MiniJson.list(i, "Warnings")) {
            cli.err().println(w);
        }
        return 0;
    }

    static String renderInfo(Object i, String host) {
        StringBuilder sb = new StringBuilder();
        sb.append("Client:\n Version:    ").append(EngineClient.clientVersion()).append("\n Context:    default\n")
                .append(" Debug Mode: false\n\nServer:\n");
        line(sb, " Containers: ", MiniJson.num(i, "Containers"));
        line(sb, "  Running: ", MiniJson.num(i, "ContainersRunning"));
        line(sb, "  Paused: ", MiniJson.num(i, "ContainersPaused"));
        line(sb, "  Stopped: ", MiniJson.num(i, "ContainersStopped"));
        line(sb, " Images: ", MiniJson.num(i, "Images"));
        line(sb, " Server Version: ", MiniJson.str(i, "ServerVersion"));
        line(sb, " Storage Driver: ", MiniJson.str(i, "Driver"));
        for (Object pair : MiniJson.list(i, "DriverStatus")) {
            List<?> p = (List<?>) pair;
            if (p.size() == 2) {
                line(sb, "  " + p.get(0) + ": ", p.get(1));
            }
        }
        line(sb, " Logging Driver: ", MiniJson.str(i, "LoggingDriver"));
        line(sb, " Cgroup Driver: ", MiniJson.str(i, "CgroupDriver"));
        line(sb, " Cgroup Version: ", MiniJson.str(i, "CgroupVersion"));
        Map<String, Object> runtimes = MiniJson.obj(i, "Runtimes");
        line(sb, " Runtimes: ", String.join(" ", runtimes.keySet()));
        line(sb, " Default Runtime: ", MiniJson.str(i, "DefaultRuntime"));
        line(sb, " Swarm: ", MiniJson.str(MiniJson.obj(i, "Swarm"), "LocalNodeState"));
        line(sb, " Kernel Version: ", MiniJson.str(i, "KernelVersion"));
        line(sb, " Operating System: ", MiniJson.str(i, "OperatingSystem"));
        line(sb, " OSType: ", MiniJson.str(i, "OSType"));
        line(sb, " Architecture: ", MiniJson.str(i, "Architecture"));
        line(sb, " CPUs: ", MiniJson.num(i, "NCPU"));
        line(sb, " Total Memory: ", binarySize(MiniJson.num(i, "MemTotal")));
        line(sb, " Name: ", MiniJson.str(i, "Name"));
        line(sb, " ID: ", MiniJson.str(i, "ID"));
        line(sb, " Docker Root Dir: ", MiniJson.str(i, "DockerRootDir"));
        line(sb, " Debug Mode: ", MiniJson.bool(i, "Debug"));
        line(sb, " Experimental: ", MiniJson.bool(i, "ExperimentalBuild"));
        line(sb, " Live Restore Enabled: ", MiniJson.bool(i, "LiveRestoreEnabled"));
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

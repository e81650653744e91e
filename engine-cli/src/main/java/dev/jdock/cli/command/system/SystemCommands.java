package dev.jdock.cli.command.system;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.MiniJson;
import dev.jdock.api.client.EngineClient;
import dev.jdock.cli.context.EndpointResolver;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.format.FormatTemplate;
import dev.jdock.cli.format.GoStruct;
import dev.jdock.cli.format.GoZero;
import dev.jdock.cli.reply.SystemInfoView;
import dev.jdock.cli.reply.SystemVersionView.EngineDetails;
import dev.jdock.cli.reply.SystemVersionView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
        String format = a.value("format");
        if (format != null && !format.isEmpty()) {
            FormatTemplate tmpl = template(format, "version");
            ApiVersion v = ApiVersion.MAX;
            Object server = GoZero.NIL;
            IOException down = null;
            try {
                v = cli.client().negotiate();
                server = serverStruct(MiniJson.parse(cli.client().getBytes("/version")));
            } catch (IOException e) {
                down = e;
            }
            return render(cli, tmpl, versionData(cli, v, server), down, false);
        }
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

    /** docker's version/info {@code --format}: {@code json} is {@code {{json .}}}; one that does not parse exits 64. */
    private static FormatTemplate template(String format, String name) {
        try {
            return FormatTemplate.parseStrict(format.equals("json") ? "{{json .}}" : format, null, name);
        } catch (IllegalArgumentException e) {
            throw new CliException(64, "template parsing error: " + e.getMessage());
        }
    }

    /**
     * Runs a version/info template as docker does, also when the daemon could not be reached ({@code down}): the
     * output (what was written before a failure, too) ends with a newline; then the daemon's error, exit 1, and
     * for info the template's own error after it ({@code version} leaves that out); else the template's, exit 1.
     */
    private static int render(Cli cli, FormatTemplate tmpl, Object value, IOException down, boolean bothErrors)
            throws IOException {
        StringBuilder out = new StringBuilder();
        String failed = null;
        try {
            tmpl.executeInto(value, out);
        } catch (IllegalArgumentException e) {
            failed = e.getMessage();
        }
        cli.out().println(out);
        if (down != null) {
            if (failed != null && bothErrors) {
                cli.err().println(down.getMessage());
                throw new CliException(1, failed);
            }
            throw down;
        }
        if (failed != null) {
            throw new CliException(1, failed);
        }
        return 0;
    }

    /**
     * docker's versionInfo: its clientVersion (jdock's own values, the negotiated API version) and the daemon's
     * types.Version ({@code nil} when the daemon could not be reached: docker still renders the client's part).
     */
    private static GoStruct versionData(Cli cli, ApiVersion v, Object server) {
        GoStruct client = new GoStruct("system.clientVersion")
                .field("Platform", null, true, null)
                .field("Version", EngineClient.clientVersion())
                .field("APIVersion", "ApiVersion", false, v.toString())
                .field("DefaultAPIVersion", null, true, ApiVersion.MAX.toString())
                .field("GitCommit", "")
                .field("GoVersion", "java" + System.getProperty("java.version"))
                .field("Os", "linux")
                .field("Arch", goArch(System.getProperty("os.arch")))
                .field("BuildTime", null, true, "")
                .field("Context", contextName(cli))
                .field("Experimental", null, true, false);
        return new GoStruct("system.versionInfo").field("Client", client).field("Server", server);
    }

    /** The daemon's {@code /version} as docker's *types.Version, the Engine's BuildTime as docker shows it. */
    @SuppressWarnings("unchecked")
    static GoStruct serverStruct(Object json) {
        Map<String, Object> m = json instanceof Map<?, ?> x ? (Map<String, Object>) x : Map.of();
        Object platform = m.get("Platform") instanceof Map<?, ?> p ? ((Map<String, Object>) p).get("Name") : "";
        List<Object> components = new ArrayList<>();
        if (m.get("Components") instanceof List<?> l) {
            for (Object o : l) {
                Map<String, Object> c = o instanceof Map<?, ?> x ? (Map<String, Object>) x : Map.of();
                Object details = c.get("Details");
                if (details instanceof Map<?, ?> d) {
                    Map<String, Object> copy = new java.util.TreeMap<>((Map<String, Object>) d); // Go map: sorted
                    if ("Engine".equals(c.get("Name"))) {
                        copy.computeIfPresent("BuildTime", (k, t) -> reformatDate(String.valueOf(t)));
                    }
                    details = copy;
                }
                components.add(new GoStruct("types.ComponentVersion").field("Name", c.getOrDefault("Name", ""))
                        .field("Version", c.getOrDefault("Version", ""))
                        .field("Details", null, true, details));
            }
        }
        return new GoStruct("*types.Version")
                .field("Platform", new GoStruct("struct { Name string }").field("Name", platform == null ? ""
                        : platform))
                .field("Components", null, true, components)
                .field("Version", m.getOrDefault("Version", ""))
                .field("APIVersion", "ApiVersion", false, m.getOrDefault("ApiVersion", ""))
                .field("MinAPIVersion", null, true, m.getOrDefault("MinAPIVersion", ""))
                .field("GitCommit", m.getOrDefault("GitCommit", ""))
                .field("GoVersion", m.getOrDefault("GoVersion", ""))
                .field("Os", m.getOrDefault("Os", ""))
                .field("Arch", m.getOrDefault("Arch", ""))
                .field("KernelVersion", null, true, m.getOrDefault("KernelVersion", ""))
                .field("Experimental", null, true, m.getOrDefault("Experimental", false))
                .field("BuildTime", null, true, m.getOrDefault("BuildTime", ""));
    }

    /** docker's reformatDate: an RFC 3339 time as Go's ANSIC ({@code Mon Jan  2 15:04:05 2006}), else as it is. */
    static String reformatDate(String t) {
        try {
            return java.time.OffsetDateTime.parse(t).format(java.time.format.DateTimeFormatter.ofPattern(
                    "EEE MMM ppd HH:mm:ss yyyy", java.util.Locale.ENGLISH));
        } catch (java.time.format.DateTimeParseException e) {
            return t;
        }
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
                kv(sb, 2, "Built:", reformatDate(comp.detail(EngineDetails.BUILD_TIME)));
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

    /**
     * Go's {@code text/tabwriter.NewWriter(out, 20, 1, 1, ' ', 0)} as {@code docker version} uses it: a key cell is
     * padded to max(width + 1, 20), so values start at column 20.
     */
    private static void kv(StringBuilder sb, int indent, String key, String value) {
        String k = " ".repeat(indent) + key;
        sb.append(k).append(" ".repeat(Math.max(1, 20 - k.length()))).append(value).append('\n');
    }

    static String goArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> javaArch;
        };
    }

    public static int info(Cli cli, Args a) throws IOException {
        String format = a.value("format");
        if (format != null && !format.isEmpty()) {
            return formattedInfo(cli, format);
        }
        SystemInfoView i = new SystemInfoView(MiniJson.parse(cli.client().getBytes("/info")));
        cli.out().print(renderInfo(i, cli.client().host().toString(), contextName(cli)));
        for (String w : i.warnings()) {
            cli.err().println(w);
        }
        return 0;
    }

    /**
     * {@code info --format}. As docker's needsServerInfo: a template naming a field that renders from the client's
     * part alone ({@code {{.ClientInfo.Version}}}) does not ask the daemon; any other asks it, and when the daemon
     * cannot be reached renders over a zero-valued Info (docker's), prints, and fails with the daemon's error.
     */
    private static int formattedInfo(Cli cli, String format) throws IOException {
        FormatTemplate tmpl = template(format, "");
        GoStruct client = clientInfo(cli);
        if (FIELD.matcher(format).find()) {
            GoStruct sparse = new GoStruct("system.sparseInfo").field("ClientInfo", null, true, client)
                    .field("ClientErrors", null, true, List.of());
            StringBuilder out = new StringBuilder();
            try {
                tmpl.executeInto(sparse, out);
                cli.out().println(out);
                return 0;
            } catch (IllegalArgumentException e) {
                // it needs the daemon's part
            }
        }
        Object json;
        IOException down = null;
        try {
            json = MiniJson.parse(cli.client().getBytes("/info"));
        } catch (IOException e) {
            down = e;
            json = zeroInfo();
        }
        return render(cli, tmpl, infoData(json, client), down, true);
    }

    /** docker's placeHolders: a template without a field ({@code {{json .}}}, text) needs the daemon's part. */
    private static final java.util.regex.Pattern FIELD = java.util.regex.Pattern.compile("\\.[a-zA-Z]");

    /** docker 28.2.2's system.Info zero value as its json prints it (what info renders with the daemon down). */
    private static final String ZERO_INFO = "{\"ID\":\"\",\"Containers\":0,\"ContainersRunning\":0,"
            + "\"ContainersPaused\":0,\"ContainersStopped\":0,\"Images\":0,\"Driver\":\"\",\"DriverStatus\":null,"
            + "\"Plugins\":{\"Volume\":null,\"Network\":null,\"Authorization\":null,\"Log\":null},"
            + "\"MemoryLimit\":false,\"SwapLimit\":false,\"CpuCfsPeriod\":false,\"CpuCfsQuota\":false,"
            + "\"CPUShares\":false,\"CPUSet\":false,\"PidsLimit\":false,\"IPv4Forwarding\":false,\"Debug\":false,"
            + "\"NFd\":0,\"OomKillDisable\":false,\"NGoroutines\":0,\"SystemTime\":\"\",\"LoggingDriver\":\"\","
            + "\"CgroupDriver\":\"\",\"NEventsListener\":0,\"KernelVersion\":\"\",\"OperatingSystem\":\"\","
            + "\"OSVersion\":\"\",\"OSType\":\"\",\"Architecture\":\"\",\"IndexServerAddress\":\"\","
            + "\"RegistryConfig\":null,\"NCPU\":0,\"MemTotal\":0,\"GenericResources\":null,\"DockerRootDir\":\"\","
            + "\"HttpProxy\":\"\",\"HttpsProxy\":\"\",\"NoProxy\":\"\",\"Name\":\"\",\"Labels\":null,"
            + "\"ExperimentalBuild\":false,\"ServerVersion\":\"\",\"Runtimes\":null,\"DefaultRuntime\":\"\","
            + "\"Swarm\":{\"NodeID\":\"\",\"NodeAddr\":\"\",\"LocalNodeState\":\"\",\"ControlAvailable\":false,"
            + "\"Error\":\"\",\"RemoteManagers\":null},\"LiveRestoreEnabled\":false,\"Isolation\":\"\","
            + "\"InitBinary\":\"\",\"ContainerdCommit\":{\"ID\":\"\"},\"RuncCommit\":{\"ID\":\"\"},"
            + "\"InitCommit\":{\"ID\":\"\"},\"SecurityOptions\":null,\"CDISpecDirs\":null,\"Warnings\":null}";

    /**
     * {@link #ZERO_INFO} as a template sees Go's zero value: its nulls are nil slices ({@code []}), but for the
     * RegistryConfig pointer ({@code <nil>}) and the Runtimes map ({@code map[]}); json writes each as null.
     */
    @SuppressWarnings("unchecked")
    static Object zeroInfo() {
        Object json;
        try {
            json = MiniJson.parse(ZERO_INFO.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a constant
        }
        nilsAsZeros((Map<String, Object>) json);
        return json;
    }

    @SuppressWarnings("unchecked")
    private static void nilsAsZeros(Map<String, Object> m) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> inner) {
                nilsAsZeros((Map<String, Object>) inner);
            } else if (e.getValue() == null) {
                e.setValue(switch (e.getKey()) {
                    case "RegistryConfig" -> GoZero.NIL;
                    case "Runtimes" -> GoZero.MAP;
                    default -> GoZero.SLICE;
                });
            }
        }
    }

    /**
     * docker's dockerInfo: the daemon's {@code /info} fields (nested objects stay maps), ServerErrors and ClientInfo
     * (jdock's own values).
     */
    @SuppressWarnings("unchecked")
    private static GoStruct infoData(Object json, GoStruct client) {
        GoStruct info = new GoStruct("system.dockerInfo");
        if (json instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).forEach(info::field);
        }
        return info.field("ServerErrors", null, true, List.of()).field("ClientInfo", null, true, client)
                .field("ClientErrors", null, true, List.of());
    }

    private static GoStruct clientInfo(Cli cli) {
        return new GoStruct("*system.clientInfo")
                .field("Debug", false)
                .field("Version", EngineClient.clientVersion())
                .field("Context", contextName(cli))
                .field("Plugins", List.of())
                .field("Warnings", null);
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

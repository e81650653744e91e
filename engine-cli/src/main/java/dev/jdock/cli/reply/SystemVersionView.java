package dev.jdock.cli.reply;

import dev.jdock.api.types.system.SystemVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The reply of {@code GET /version} ({@link SystemVersion}), as {@code version} shows the server. */
@ViewOf(SystemVersion.class)
public final class SystemVersionView extends JsonView {
    static final String PLATFORM = "Platform";
    static final String COMPONENTS = "Components";

    /** The keys read inside {@code Platform}. */
    @ViewOf(SystemVersion.Platform.class)
    static final class PlatformKeys {
        static final String NAME = "Name";

        private PlatformKeys() {
        }
    }

    public SystemVersionView(Object json) {
        super(json);
    }

    /** {@code Platform.Name}, e.g. {@code Docker Engine - Community}; empty when absent. */
    public String platformName() {
        Object name = obj(PLATFORM).get(PlatformKeys.NAME);
        return name == null ? "" : String.valueOf(name);
    }

    public List<Component> components() {
        List<Object> l = list(COMPONENTS);
        List<Component> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(new Component(o));
        }
        return out;
    }

    /** One server component ({@code Engine}, {@code containerd}, ...) with its free-form details. */
    @ViewOf(SystemVersion.Component.class)
    public static final class Component extends JsonView {
        static final String NAME = "Name";
        static final String VERSION = "Version";
        static final String DETAILS = "Details";

        Component(Object json) {
            super(json);
        }

        public String name() {
            return str(NAME);
        }

        public String version() {
            return str(VERSION);
        }

        /** The details in the daemon's order (values as parsed). */
        public Map<String, Object> details() {
            return obj(DETAILS);
        }

        /** A detail of the {@code Engine} component ({@link EngineDetails}); empty when absent. */
        public String detail(String key) {
            Object v = details().get(key);
            return v == null ? "" : String.valueOf(v);
        }
    }

    /**
     * The {@code Details} keys of the {@code Engine} component: the daemon repeats its top-level version fields
     * there (as dockerd does), so they are checked against {@link SystemVersion} itself.
     */
    @ViewOf(SystemVersion.class)
    public static final class EngineDetails {
        public static final String API_VERSION = "ApiVersion";
        public static final String MIN_API_VERSION = "MinAPIVersion";
        public static final String GO_VERSION = "GoVersion";
        public static final String GIT_COMMIT = "GitCommit";
        public static final String BUILD_TIME = "BuildTime";
        public static final String OS = "Os";
        public static final String ARCH = "Arch";
        public static final String EXPERIMENTAL = "Experimental";

        private EngineDetails() {
        }
    }
}

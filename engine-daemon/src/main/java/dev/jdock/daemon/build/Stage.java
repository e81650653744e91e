package dev.jdock.daemon.build;

import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.daemon.build.dockerfile.Lookup;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one stage as its steps run: the image the last step made (null before a layer of {@code FROM
 * scratch}), that image's config, and the build args declared in the stage with their values.
 */
final class Stage {
    static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    final int index;
    final String name;
    String image;
    ImageContainerConfig config;
    /** Declared build args in scope (declaration order): value null when declared without one. */
    final Map<String, String> args = new LinkedHashMap<>();
    /** Whether this stage set a CMD (an ENTRYPOINT then keeps it; else ENTRYPOINT clears the inherited one). */
    boolean cmdSet;
    /** MAINTAINER's name, for the image's author. */
    String author;

    Stage(int index, String name, String image, ImageContainerConfig config) {
        this.index = index;
        this.name = name;
        this.image = image;
        this.config = config == null ? ImageContainerConfig.empty() : config;
    }

    /**
     * What words expand with: the config's ENV first (its last entry of a name), then the build args in scope
     * (moby's order). The environment is indexed once, at the first lookup: a word of many references to a large
     * environment costs their sum, not their product.
     */
    Lookup lookup() {
        List<String> env = config.env() == null ? List.of() : config.env();
        return new Lookup() {
            private Map<String, String> byName;

            @Override
            public String get(String name) {
                if (byName == null) {
                    byName = new HashMap<>();
                    for (String e : env) { // a later entry of a name wins, as the last one found from the end
                        int eq = e.indexOf('=');
                        if (eq >= 0) {
                            byName.put(e.substring(0, eq), e.substring(eq + 1));
                        }
                    }
                }
                String v = byName.get(name);
                return v != null ? v : args.get(name);
            }
        };
    }

    List<String> shell() {
        return config.shell() == null || config.shell().isEmpty() ? DEFAULT_SHELL : config.shell();
    }

    /** The build args with a value, as {@code k=v}, in declaration order (a RUN step's extra environment). */
    List<String> argEnv() {
        return args.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}

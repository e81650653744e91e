package dev.jdock.cli.reply;

import dev.jdock.api.types.volume.UsageData;
import dev.jdock.api.types.volume.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One volume ({@link Volume}): the reply of a create, an element of a list or of {@code system df}. */
@ViewOf(Volume.class)
public final class VolumeView extends JsonView {
    static final String NAME = "Name";
    static final String DRIVER = "Driver";
    static final String SCOPE = "Scope";
    static final String MOUNTPOINT = "Mountpoint";
    static final String LABELS = "Labels";
    static final String USAGE_DATA = "UsageData";

    /** The keys read inside {@code UsageData}. */
    @ViewOf(UsageData.class)
    static final class UsageKeys {
        static final String SIZE = "Size";
        static final String REF_COUNT = "RefCount";

        private UsageKeys() {
        }
    }

    public VolumeView(Object json) {
        super(json);
    }

    /** The views of a parsed JSON array of volumes. */
    public static List<VolumeView> listOf(Object array) {
        List<?> l = elements(array);
        List<VolumeView> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(new VolumeView(o));
        }
        return out;
    }

    public String name() {
        return str(NAME);
    }

    public String driver() {
        return str(DRIVER);
    }

    public String scope() {
        return str(SCOPE);
    }

    public String mountpoint() {
        return str(MOUNTPOINT);
    }

    /** Labels in the daemon's order (values as parsed). */
    public Map<String, Object> labels() {
        return obj(LABELS);
    }

    /** {@code UsageData.Size}: bytes, -1 when not computed (0 when there is no usage data). */
    public long usageSize() {
        Object v = obj(USAGE_DATA).get(UsageKeys.SIZE);
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** {@code UsageData.RefCount}: containers using the volume, -1 when not computed (0 without usage data). */
    public long usageRefCount() {
        Object v = obj(USAGE_DATA).get(UsageKeys.REF_COUNT);
        return v instanceof Number n ? n.longValue() : 0;
    }
}

package dev.jdock.api.value;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A normalised image reference following Docker's grammar (distribution/reference): {@code busybox} becomes
 * {@code docker.io/library/busybox} with tag {@code latest} when neither tag nor digest is given via
 * {@link #parse}. {@code tag} and {@code digest} may each be null ({@link #parseNamed} keeps them absent).
 */
public record ImageReference(String domain, String path, String tag, String digest) {
    public static final String DEFAULT_DOMAIN = "docker.io";
    public static final String DEFAULT_TAG = "latest";

    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
    private static final String HOST = "(?:" + DOMAIN_NAME + "|\\[(?:[a-fA-F0-9:]+)\\])";
    private static final String DOMAIN = HOST + "(?::[0-9]+)?";
    private static final String NAME = "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE =
            Pattern.compile("^(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    private static final Pattern ANCHORED_DOMAIN = Pattern.compile("^" + DOMAIN + "$");
    private static final Pattern HEX64 = Pattern.compile("^[a-f0-9]{64}$");
    private static final Pattern TAG_ONLY = Pattern.compile("^" + TAG + "$");
    private static final int NAME_TOTAL_LENGTH_MAX = 255;

    public ImageReference {
        if (domain == null || path == null) {
            throw new IllegalArgumentException("invalid reference format");
        }
    }

    /** Parses and normalises, adding {@code :latest} when there is neither tag nor digest (Docker's TagNameOnly). */
    public static ImageReference parse(String text) {
        ImageReference r = parseNamed(text);
        return r.tag == null && r.digest == null ? r.withTag(DEFAULT_TAG) : r;
    }

    /** Parses and normalises without adding a default tag (Docker's ParseNormalizedNamed). */
    public static ImageReference parseNamed(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("invalid reference format");
        }
        if (HEX64.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "invalid repository name (" + text + "), cannot specify 64-byte hexadecimal strings");
        }
        String[] split = splitDomain(text);
        String domain = split[0];
        String remainder = split[1];
        int tagSep = remainder.indexOf(':');
        String remote = tagSep >= 0 ? remainder.substring(0, tagSep) : remainder;
        if (!remote.toLowerCase(java.util.Locale.ROOT).equals(remote)) {
            throw new IllegalArgumentException(
                    "invalid reference format: repository name (" + remote + ") must be lowercase");
        }
        Matcher m = REFERENCE.matcher(domain + "/" + remainder);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid reference format");
        }
        String name = m.group(1);
        if (name.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new IllegalArgumentException(
                    "invalid reference format: repository name must not be more than 255 characters");
        }
        String digest = m.group(3);
        if (digest != null && !Digest.isValid(digest)) {
            throw new IllegalArgumentException("invalid reference format: unsupported digest " + digest);
        }
        return new ImageReference(domain, name.substring(domain.length() + 1), m.group(2), digest);
    }

    /** Docker's splitDockerDomain: the first component is a registry only if it looks like one. */
    private static String[] splitDomain(String name) {
        int i = name.indexOf('/');
        String domain;
        String remainder;
        String first = i < 0 ? "" : name.substring(0, i);
        if (i < 0 || (!first.contains(".") && !first.contains(":") && !first.equals("localhost")
                && first.toLowerCase(java.util.Locale.ROOT).equals(first))) {
            domain = DEFAULT_DOMAIN;
            remainder = name;
        } else {
            domain = first;
            remainder = name.substring(i + 1);
        }
        if (domain.equals("index.docker.io")) {
            domain = DEFAULT_DOMAIN;
        }
        if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') < 0) {
            remainder = "library/" + remainder;
        }
        return new String[] {domain, remainder};
    }

    /** Whether {@code tag} is a valid tag (for {@code POST /images/{name}/tag?tag=}). */
    public static boolean isValidTag(String tag) {
        return tag != null && TAG_ONLY.matcher(tag).matches();
    }

    /** Whether {@code text} is a valid registry host[:port]. */
    public static boolean isValidDomain(String text) {
        return ANCHORED_DOMAIN.matcher(text).matches();
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(domain, path, newTag, null);
    }

    public ImageReference withDigest(String newDigest) {
        return new ImageReference(domain, path, null, newDigest);
    }

    /** The repository without tag or digest: {@code docker.io/library/busybox}. */
    public String name() {
        return domain + "/" + path;
    }

    /** The repository as users write it: {@code busybox}, {@code user/repo}, {@code localhost:5000/x}. */
    public String familiarName() {
        if (!DEFAULT_DOMAIN.equals(domain)) {
            return name();
        }
        if (path.startsWith("library/") && path.indexOf('/', "library/".length()) < 0) {
            return path.substring("library/".length());
        }
        return path;
    }

    /** {@code busybox:latest}, {@code localhost:5000/x:y}, {@code a/b@sha256:...}. */
    public String familiarString() {
        return familiarName() + suffix();
    }

    private String suffix() {
        return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    /** The fully qualified form, {@code docker.io/library/busybox:latest}. */
    @Override
    public String toString() {
        return name() + suffix();
    }
}

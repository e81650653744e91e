package dev.jdock.daemon.registry;

import dev.jdock.api.types.image.ImageSearchResult;
import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /images/search} as moby's registry Service.Search: the term names the registry ({@code host/x} when its
 * first part has a '.' or ':' or is localhost, else Docker Hub), the registry searches, and the daemon applies the
 * filters {@code is-official}, {@code stars} (at least) and {@code is-automated} (deprecated: true finds nothing and
 * every result says false).
 */
public final class ImageSearch {
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 100;
    private static final Set<String> FILTERS = Set.of("is-automated", "is-official", "stars");

    private final RegistryService registries;

    public ImageSearch(RegistryService registries) {
        this.registries = registries;
    }

    /** {@code limit} 0 is moby's default (25). */
    public List<ImageSearchResult> search(String term, int limit, Filters filters, AuthConfig auth) {
        filters.validate(FILTERS);
        boolean automated = bool(filters, "is-automated");
        boolean official = bool(filters, "is-official");
        int minStars = minStars(filters);
        if (automated) {
            return List.of();
        }
        if (term.startsWith("http://") || term.startsWith("https://")) {
            throw EngineException.invalid("invalid repository name: repository name (" + term
                    + ") should not have a scheme");
        }
        String[] split = split(term);
        String remote = split[0].equals(ImageReference.DEFAULT_DOMAIN) ? stripLibrary(split[1]) : split[1];
        int n = limit == 0 ? DEFAULT_LIMIT : limit;
        if (n < 1 || n > MAX_LIMIT) {
            throw EngineException.invalid("limit " + n + " is outside the range of [1, " + MAX_LIMIT + "]");
        }
        List<ImageSearchResult> out = new ArrayList<>();
        for (ImageSearchResult r : registries.search(split[0], remote, n, auth)) {
            if (filters.keys().contains("is-official") && r.official() != official) {
                continue;
            }
            if (filters.keys().contains("stars") && r.starCount() < minStars) {
                continue;
            }
            out.add(r.notAutomated());
        }
        return out;
    }

    /** moby's splitReposSearchTerm and ValidateIndexName: {index, remote name}. */
    static String[] split(String term) {
        int slash = term.indexOf('/');
        String first = slash < 0 ? null : term.substring(0, slash);
        if (first == null || (!first.contains(".") && !first.contains(":") && !first.equals("localhost"))) {
            return new String[] {ImageReference.DEFAULT_DOMAIN, term};
        }
        String index = first.equals("index.docker.io") ? ImageReference.DEFAULT_DOMAIN : first;
        if (index.startsWith("-") || index.endsWith("-")) {
            throw EngineException.invalid("invalid index name (" + index + "). Cannot begin or end with a hyphen");
        }
        return new String[] {index, term.substring(slash + 1)};
    }

    private static String stripLibrary(String remote) {
        return remote.startsWith("library/") ? remote.substring("library/".length()) : remote;
    }

    /** moby's GetBoolOrDefault: 1/true or 0/false, exactly one of them. */
    private static boolean bool(Filters filters, String key) {
        if (!filters.keys().contains(key)) {
            return false;
        }
        Set<String> v = filters.values(key);
        boolean isFalse = v.contains("0") || v.contains("false");
        boolean isTrue = v.contains("1") || v.contains("true");
        if (v.isEmpty() || isFalse == isTrue) {
            throw Filters.invalidValue(key, v);
        }
        return isTrue;
    }

    private static int minStars(Filters filters) {
        int min = 0;
        for (String s : filters.values("stars")) {
            try {
                min = Math.max(min, Integer.parseInt(s));
            } catch (NumberFormatException e) {
                throw EngineException.invalid("invalid filter 'stars=" + s + "': strconv.Atoi: parsing \"" + s
                        + "\": invalid syntax");
            }
        }
        return min;
    }
}
